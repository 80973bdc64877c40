import * as fs from 'node:fs';
import * as path from 'node:path';
import { HANDLER_PATH } from '../constructs/handler-bundle';

interface TfJson {
  resource?: Record<string, Record<string, { for_each?: string; provisioner?: unknown; '//'?: { metadata?: { path?: string } } }>>;
  locals?: Record<string, Record<string, unknown>>;
}

/** One `for_each` block of this package's constructs in a synthesized stack. */
interface ManagedBlock {
  /** The construct's path, e.g. `franchise-identity/FranchiseAttributes` (its block is `<path>/Resource`). */
  readonly constructPath: string;
  /** Instance keys as Terraform evaluates them (template escapes undone). */
  readonly keys: readonly string[];
  /** `terraform_data.Name[<key>]` for a key. */
  address(key: string): string;
}

/** Terraform's template escapes undone: the instance key as Terraform evaluates it. */
function unescapeTemplate(value: string): string {
  return value.replace(/([$%])\1\{/g, '$1{');
}

/** Blocks found by the handler in their provisioners, their instances by the locals their for_each reads. */
function managedBlocks(stackDir: string): ManagedBlock[] {
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as TfJson;
  const blocks: ManagedBlock[] = [];
  for (const [type, byName] of Object.entries(tf.resource ?? {})) {
    for (const [name, block] of Object.entries(byName)) {
      if (!JSON.stringify(block.provisioner ?? []).includes(HANDLER_PATH)) continue;
      const local = /^\$\{toset\(keys\(local\.([\w-]+)\)\)\}$/.exec(block.for_each ?? '')?.[1];
      const instances = local ? tf.locals?.[local] : undefined;
      if (!instances) continue;
      const constructPath = (block['//']?.metadata?.path ?? name).replace(/\/Resource$/, '');
      blocks.push({
        constructPath,
        keys: Object.keys(instances).map(unescapeTemplate),
        address: (key) => `${type}.${name}[${JSON.stringify(key)}]`,
      });
    }
  }
  return blocks;
}

/**
 * Every Terraform instance of this package's constructs in a synthesized stack, as addresses for
 * `-replace`: `terraform_data.Name["key"]`; only constructs whose path contains `only`, if given.
 */
export function managedInstanceAddresses(stackDir: string, only?: string): string[] {
  return managedBlocks(stackDir)
    .filter((b) => !only || b.constructPath.includes(only))
    .flatMap((b) => b.keys.map((k) => b.address(k)));
}

/** Addresses of the given instances that exist in the synthesized stack; others are left out. */
export function instanceAddresses(stackDir: string, instances: readonly { constructPath: string; instanceKey: string }[]): string[] {
  const blocks = new Map(managedBlocks(stackDir).map((b) => [b.constructPath, { block: b, keys: new Set(b.keys) }]));
  return instances.flatMap(({ constructPath, instanceKey }) => {
    const found = blocks.get(constructPath);
    return found?.keys.has(instanceKey) ? [found.block.address(instanceKey)] : [];
  });
}

/** TF_CLI_ARGS_* values are split like a shell command line: single-quote each argument. */
export function replaceArgs(addresses: readonly string[]): string {
  return addresses.map((a) => `'-replace=${a.replace(/'/g, `'\\''`)}'`).join(' ');
}
