import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { Aspects, dependable, TerraformResource, TerraformStack } from '../cdk';
import { MANIFEST_DIR } from '../model/layout';
import { instanceFileName, MANIFEST_VERSION, type ScimConnection } from '../model/kind';
import { writeHandler } from './handler-files';
import { onStackSynth } from './synth-hook';
import { CONSTRUCT_FILE, INDEX_FILE, type IndexedConstruct, type StackIndex } from './index-file';

/** What a construct of this package hands to synth. */
export interface ManagedConstruct {
  readonly kind: string;
  readonly scim: ScimConnection;
  /** Its one `for_each` block. */
  readonly resource: TerraformResource;
  /** The construct file and every instance's file, made when synth runs. */
  files(): { readonly construct: object; readonly instances: ReadonlyMap<string, object> };
}

/** A construct's manifest folder relative to the stack folder (Terraform's working directory). */
export function manifestDirOf(construct: IConstruct): string {
  return `${MANIFEST_DIR}/${construct.node.path.replace(/[^A-Za-z0-9_.-]+/g, '.')}`;
}

const managedOf = new WeakMap<TerraformStack, Map<IConstruct, ManagedConstruct>>();
const handlerWritten = new Set<string>();

/**
 * Registers a construct's desired state to be written at synth: its folder of manifests, the
 * handler and engine beside them (once per stack), and the stack's index of every construct of
 * this package. Folders of constructs that no longer exist are removed, so no reader ever sees a
 * deleted construct's files.
 */
export function registerManifests(construct: IConstruct, managed: ManagedConstruct): void {
  const stack = TerraformStack.of(construct);
  let constructs = managedOf.get(stack);
  if (!constructs) {
    managedOf.set(stack, (constructs = new Map()));
    Aspects.of(stack).add({ visit: (node) => dependOnConstructDependencies(node, managedOf.get(stack)!) });
  }
  let made: ReturnType<ManagedConstruct['files']> | undefined;
  const once: ManagedConstruct = { ...managed, files: () => (made ??= managed.files()) };
  constructs.set(construct, once);
  onStackSynth(construct, (stackDir) => {
    if (!handlerWritten.has(stackDir)) {
      writeHandler(stackDir);
      handlerWritten.add(stackDir);
    }
    writeConstructFiles(stackDir, manifestDirOf(construct), once.files());
    writeIndex(
      stackDir,
      [...constructs!].map(([c, m]) =>
        indexEntry(c.node.path, manifestDirOf(c), m, { type: m.resource.terraformResourceType, name: stack.getLogicalId(m.resource) }),
      ),
    );
  });
}

/** A construct's entry in the stack index. */
export function indexEntry(
  constructPath: string,
  manifestDir: string,
  managed: Pick<ManagedConstruct, 'kind' | 'scim' | 'files'>,
  resource: IndexedConstruct['resource'],
): IndexedConstruct {
  const instances = Object.fromEntries([...managed.files().instances.keys()].map((key) => [key, instanceFileName(key)]));
  return { path: constructPath, kind: managed.kind, manifestDir, scim: managed.scim, resource, instances };
}

/** Writes a construct's folder afresh: its construct file and one file per instance. */
export function writeConstructFiles(stackDir: string, manifestDir: string, files: ReturnType<ManagedConstruct['files']>): void {
  const target = path.join(stackDir, manifestDir);
  fs.rmSync(target, { recursive: true, force: true });
  fs.mkdirSync(target, { recursive: true });
  fs.writeFileSync(path.join(target, CONSTRUCT_FILE), JSON.stringify({ version: MANIFEST_VERSION, ...files.construct }));
  for (const [key, content] of files.instances) fs.writeFileSync(path.join(target, instanceFileName(key)), JSON.stringify(content));
}

/** Writes the stack index atomically and removes the folders of constructs no longer in it. */
export function writeIndex(stackDir: string, entries: readonly IndexedConstruct[]): void {
  const root = path.join(stackDir, MANIFEST_DIR);
  const index: StackIndex = { version: MANIFEST_VERSION, constructs: [...entries] };
  fs.mkdirSync(root, { recursive: true });
  const tmp = path.join(root, `.${INDEX_FILE}.${process.pid}`);
  fs.writeFileSync(tmp, JSON.stringify(index));
  fs.renameSync(tmp, path.join(root, INDEX_FILE));
  const wanted = new Set(entries.map((e) => path.basename(e.manifestDir)));
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (entry.isDirectory() && !wanted.has(entry.name)) fs.rmSync(path.join(root, entry.name), { recursive: true, force: true });
  }
}

/**
 * `construct.node.addDependency(other)` records a dependency between constructs that cdktf does
 * not turn into `depends_on`. For this package's constructs it does: their resource depends on
 * every Terraform resource inside the constructs they depend on. (The engine already orders a
 * user's creation before their attributes and memberships; this is for the order people ask for.)
 */
function dependOnConstructDependencies(node: IConstruct, constructs: ReadonlyMap<IConstruct, ManagedConstruct>): void {
  const managed = constructs.get(node);
  if (!managed) return;
  const resources = node.node.dependencies.flatMap((dep) =>
    dep.node.findAll().filter((c): c is TerraformResource => c instanceof TerraformResource),
  );
  const existing = new Set(managed.resource.dependsOn ?? []);
  const added = resources.map((r) => dependable(r)).filter((d) => !existing.has(d));
  if (added.length > 0) managed.resource.dependsOn = [...existing, ...added];
}
