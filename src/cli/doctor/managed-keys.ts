import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../errors';
import { CONSTRUCT_FILE, MANIFEST_DIR } from '../../model/manifest';

export interface ManagedKeysFound {
  /** Every managed key, once, in the order found. */
  readonly keys: string[];
  /** The construct files that named managed keys. */
  readonly files: string[];
}

/**
 * The managed keys of a synthesized project: `managedKeys` of every
 * `cdktf.out/stacks/<stack>/domo-identity/<construct>/construct.json` under `dir`. Constructs
 * without managed keys (directory groups) are passed over; no synth output means no keys.
 */
export function readManagedKeys(dir: string): ManagedKeysFound {
  const stacksDir = path.join(dir, 'cdktf.out', 'stacks');
  const keys = new Set<string>();
  const files: string[] = [];
  for (const stack of subdirectories(stacksDir)) {
    const manifestsDir = path.join(stacksDir, stack, MANIFEST_DIR);
    for (const construct of subdirectories(manifestsDir)) {
      const file = path.join(manifestsDir, construct, CONSTRUCT_FILE);
      if (!fs.existsSync(file)) continue;
      const managed = managedKeysOf(file);
      if (managed === undefined) continue;
      files.push(file);
      for (const key of managed) keys.add(key);
    }
  }
  return { keys: [...keys], files };
}

function subdirectories(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

function managedKeysOf(file: string): string[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the construct file: ${(e as Error).message}; synthesize the project again (cdktf synth)`);
  }
  const managed = typeof json === 'object' && json !== null ? (json as { managedKeys?: unknown }).managedKeys : undefined;
  if (managed === undefined) return undefined;
  if (!Array.isArray(managed) || !managed.every((k) => typeof k === 'string')) {
    throw new ConfigError(`${file}: "managedKeys" must be a list of strings; synthesize the project again (cdktf synth)`);
  }
  return managed;
}
