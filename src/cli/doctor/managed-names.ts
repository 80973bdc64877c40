import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../errors';
import { CONSTRUCT_FILE, MANIFEST_DIR } from '../../model/manifest';
import { subdirectories } from '../folders';

export interface ManagedNamesFound {
  /** Every custom attribute key the constructs write, once, in the order found. */
  readonly keys: string[];
  /** Every role (a Domo role id) the constructs give users, once, in the order found. */
  readonly roles: string[];
  /** The construct files that named keys or roles. */
  readonly files: string[];
}

/**
 * Lists in a construct file that name what a deploy needs in Domo: keys that must be defined and
 * writable (DomoUserAttributes' `managedKeys`, DomoUsers' `customAttributeKeys`) and roles that
 * must exist (DomoUsers' `roleIds`).
 */
const KEY_FIELDS = ['managedKeys', 'customAttributeKeys'] as const;
const ROLE_FIELDS = ['roleIds'] as const;

/**
 * The managed keys and roles of a synthesized project, from every
 * `cdktf.out/stacks/<stack>/domo-identity/<construct>/construct.json` under `dir`. Constructs
 * naming neither (directory groups, definitions) are passed over; no synth output means none.
 */
export function readManagedNames(dir: string): ManagedNamesFound {
  const stacksDir = path.join(dir, 'cdktf.out', 'stacks');
  const keys = new Set<string>();
  const roles = new Set<string>();
  const files: string[] = [];
  for (const stack of subdirectories(stacksDir)) {
    const manifestsDir = path.join(stacksDir, stack, MANIFEST_DIR);
    for (const construct of subdirectories(manifestsDir)) {
      const file = path.join(manifestsDir, construct, CONSTRUCT_FILE);
      if (!fs.existsSync(file)) continue;
      const json = readConstructFile(file);
      const keyLists = KEY_FIELDS.map((f) => stringList(file, json, f));
      const roleLists = ROLE_FIELDS.map((f) => stringList(file, json, f));
      if ([...keyLists, ...roleLists].every((list) => list === undefined)) continue;
      files.push(file);
      for (const key of keyLists.flatMap((list) => list ?? [])) keys.add(key);
      for (const role of roleLists.flatMap((list) => list ?? [])) roles.add(role);
    }
  }
  return { keys: [...keys], roles: [...roles], files };
}

function readConstructFile(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(`${file}: cannot read the construct file: ${(e as Error).message}; synthesize the project again (cdktf synth)`);
  }
}

function stringList(file: string, json: unknown, field: string): string[] | undefined {
  const value = typeof json === 'object' && json !== null ? (json as Record<string, unknown>)[field] : undefined;
  if (value === undefined) return undefined;
  if (!Array.isArray(value) || !value.every((k) => typeof k === 'string')) {
    throw new ConfigError(`${file}: "${field}" must be a list of strings; synthesize the project again (cdktf synth)`);
  }
  return value;
}
