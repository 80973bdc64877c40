import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { MANIFEST_DIR } from '../model/layout';
import { MANIFEST_VERSION, type KindFile, type KindManifest } from '../model/kind';
import { CONSTRUCT_FILE, INDEX_FILE, StackIndex, type IndexedConstruct } from './index-file';

/**
 * The one reader of what synth wrote for this package: the stack's index, each construct's file
 * and each instance's file, every one validated, a broken or missing one a ConfigError naming the
 * file and the fix. Handlers, the engine, drift, deploy's repair targets, plan-summary, doctor and
 * export all read through it.
 */
export class SynthOutput {
  /** Opens `<stackDir>/domo-identity/index.json`. */
  static open(stackDir: string): SynthOutput {
    const file = path.join(stackDir, MANIFEST_DIR, INDEX_FILE);
    if (!fs.existsSync(file)) {
      throw new ConfigError(
        `${file} does not exist: ${stackDir} was not synthesized by this version of cdktf-domo-identity (run cdktf synth, or pass --stack-dir)`,
      );
    }
    return new SynthOutput(stackDir, parseFile(file, StackIndex, 'the stack index'));
  }

  private constructor(
    readonly stackDir: string,
    readonly index: StackIndex,
  ) {}

  get constructs(): readonly IndexedConstruct[] {
    return this.index.constructs;
  }

  /** The constructs of one kind, in the order synth wrote them. */
  ofKind(kind: string): IndexedConstruct[] {
    return this.index.constructs.filter((c) => c.kind === kind);
  }

  /** The construct whose manifest folder this is (as handlers get it from Terraform). */
  byManifestDir(manifestDir: string): IndexedConstruct {
    const found = this.index.constructs.find((c) => c.manifestDir === manifestDir);
    if (!found)
      throw new ConfigError(`${manifestDir} is not a construct of the synthesized stack in ${this.stackDir}: run cdktf deploy again`);
    return found;
  }

  constructFile<C extends KindFile, I>(entry: IndexedConstruct, manifest: KindManifest<C, I>): C {
    return parseFile(
      path.join(this.stackDir, entry.manifestDir, CONSTRUCT_FILE),
      manifest.constructFile,
      `the construct file of ${entry.path}`,
    );
  }

  instanceFile<C extends KindFile, I>(entry: IndexedConstruct, key: string, manifest: KindManifest<C, I>): I {
    const name = entry.instances[key];
    if (name === undefined) {
      throw new ConfigError(`${entry.path} has no instance ${JSON.stringify(key)} in the synthesized stack: run cdktf deploy again`);
    }
    return parseFile(
      path.join(this.stackDir, entry.manifestDir, name),
      manifest.instanceFile,
      `instance ${JSON.stringify(key)} of ${entry.path}`,
    );
  }

  /** Every instance of a construct with its desired state. */
  instances<C extends KindFile, I>(entry: IndexedConstruct, manifest: KindManifest<C, I>): Array<[string, I]> {
    return Object.keys(entry.instances).map((key) => [key, this.instanceFile(entry, key, manifest)]);
  }

  /** The construct whose one resource block is `type.name`, if it is one of this package's. */
  byResource(type: string, name: string): IndexedConstruct | undefined {
    return this.index.constructs.find((c) => c.resource.type === type && c.resource.name === name);
  }

  /**
   * sha256 of the desired state synth wrote: the index and every construct and instance file, with
   * their paths. Two synths of the same app and data have the same digest (synth is deterministic),
   * so a saved plan can tell whether the files beside it are the ones it was made from.
   */
  digest(): string {
    const hash = createHash('sha256');
    const add = (relative: string) => {
      hash.update(`${relative}\0`);
      hash.update(fs.readFileSync(path.join(this.stackDir, relative)));
      hash.update('\0');
    };
    add(path.join(MANIFEST_DIR, INDEX_FILE));
    for (const c of this.index.constructs) {
      add(path.join(c.manifestDir, CONSTRUCT_FILE));
      for (const name of Object.values(c.instances).sort()) add(path.join(c.manifestDir, name));
    }
    return hash.digest('hex');
  }

  /** The address of an instance for `terraform plan -replace=…`, with the key escaped as Terraform parses it. */
  address(entry: IndexedConstruct, key: string): string {
    return instanceAddress(entry.resource.type, entry.resource.name, key);
  }
}

/**
 * `type.name["key"]`: the key is a quoted HCL string, so `"` and `\` are backslash-escaped and
 * `${` / `%{` doubled, or Terraform reads them as a template ("Template sequences are not allowed").
 */
export function instanceAddress(type: string, name: string, key: string): string {
  const quoted = JSON.stringify(key).replace(/([$%])\{/g, '$1$1{');
  return `${type}.${name}[${quoted}]`;
}

function parseFile<T>(file: string, schema: z.ZodType<T>, what: string): T {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`Cannot read ${what} (${file}): ${(e as Error).message}. Synthesize the project again (cdktf synth).`);
  }
  const version = (raw as { version?: unknown } | null)?.version;
  if (version !== undefined && version !== MANIFEST_VERSION) {
    throw new ConfigError(
      `${file} was written by another version of cdktf-domo-identity (format ${String(version)}): synthesize the project again (cdktf synth).`,
    );
  }
  const parsed = schema.safeParse(raw);
  if (!parsed.success)
    throw new ConfigError(`${file} (${what}) is invalid; synthesize the project again (cdktf synth):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
