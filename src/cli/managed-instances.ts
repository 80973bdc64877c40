import * as fs from 'node:fs';
import * as path from 'node:path';
import { HANDLER_PATH } from '../constructs/handler-bundle';

interface TfJson {
  resource?: Record<string, Record<string, { for_each?: string; provisioner?: unknown }>>;
  locals?: Record<string, Record<string, unknown>>;
}

/** Terraform's template escapes undone: the instance key as Terraform evaluates it. */
function unescapeTemplate(value: string): string {
  return value.replace(/([$%])\1\{/g, '$1{');
}

/**
 * Every Terraform instance of this package's constructs in a synthesized stack, as addresses for
 * `-replace`: `terraform_data.Name["key"]`. Found by the handler in their provisioners.
 */
export function managedInstanceAddresses(stackDir: string, only?: string): string[] {
  const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as TfJson;
  const addresses: string[] = [];
  for (const [type, blocks] of Object.entries(tf.resource ?? {})) {
    for (const [name, block] of Object.entries(blocks)) {
      if (!JSON.stringify(block.provisioner ?? []).includes(HANDLER_PATH)) continue;
      const local = /^\$\{toset\(keys\(local\.([\w-]+)\)\)\}$/.exec(block.for_each ?? '')?.[1];
      const instances = local ? tf.locals?.[local] : undefined;
      if (!instances) continue;
      const constructPath = (block as { '//'?: { metadata?: { path?: string } } })['//']?.metadata?.path ?? name;
      if (only && !constructPath.includes(only)) continue;
      for (const key of Object.keys(instances)) addresses.push(`${type}.${name}[${JSON.stringify(unescapeTemplate(key))}]`);
    }
  }
  return addresses;
}

/** TF_CLI_ARGS_* values are split like a shell command line: single-quote each argument. */
export function replaceArgs(addresses: readonly string[]): string {
  return addresses.map((a) => `'-replace=${a.replace(/'/g, `'\\''`)}'`).join(' ');
}
