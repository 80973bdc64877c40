import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { GroupFile, GroupsConstructFile, type DesiredGroup, type MembershipMode } from '../../model/directory-groups';
import {
  CONSTRUCT_FILE,
  MANIFEST_DIR,
  UserAttributesConstructFile,
  UserAttributesShardFile,
  type ScimConnection,
} from '../../model/manifest';
import { userKey, type DesiredUserAttributes } from '../../model/user-attributes';
import type { NormalizedUser } from '../../model/users';
import { UsersConstructFile, UsersShardFile } from '../../model/users-manifest';
import { subdirectories } from '../folders';

/** The desired state of one stack, as its synthesized manifest files describe it. */
export interface DesiredState {
  /** One entry per DomoUserAttributes construct. */
  readonly userAttributes: readonly DesiredAttributeSet[];
  /** One entry per DomoUsers construct. */
  readonly users: readonly DesiredUserSet[];
  /** One entry per DomoDirectoryGroups construct. */
  readonly groups: readonly DesiredGroupSet[];
}

export interface DesiredAttributeSet {
  readonly constructPath: string;
  readonly managedKeys: readonly string[];
  readonly users: readonly DesiredUserAttributes[];
  /** userKey -> the Terraform instance (shard) key holding that user. */
  readonly instanceOf: ReadonlyMap<string, string>;
}

export interface DesiredUserSet {
  readonly constructPath: string;
  /** Standard fields as strings (role as its id, manager as a userName), plus custom attributes. */
  readonly users: readonly NormalizedUser[];
  /** userKey -> the Terraform instance (shard) key holding that user. */
  readonly instanceOf: ReadonlyMap<string, string>;
}

export interface DesiredGroupSet {
  readonly constructPath: string;
  readonly membership: MembershipMode;
  readonly groups: readonly DesiredGroup[];
}

export interface LoadedDesiredState {
  readonly state: DesiredState;
  /** The SCIM connection every construct file names; undefined when no construct is checked. */
  readonly scim?: ScimConnection;
  /** Construct folders whose kind drift does not check (custom attribute definitions, unknown kinds). */
  readonly skipped: readonly string[];
}

/** The only folder under `<cwd>/cdktf.out/stacks`, or a ConfigError naming what was found. */
export function defaultStackDir(cwd: string): string {
  const stacksDir = path.join(cwd, 'cdktf.out', 'stacks');
  const stacks = subdirectories(stacksDir);
  if (stacks.length === 1) return path.join(stacksDir, stacks[0]!);
  if (stacks.length === 0) {
    throw new ConfigError(`no synthesized stack in ${stacksDir}: run cdktf synth first, or pass --stack-dir`);
  }
  throw new ConfigError(`${stacksDir} holds ${stacks.length} stacks (${stacks.join(', ')}): pass --stack-dir with the one to check`);
}

/**
 * Reads `<stackDir>/domo-identity/<construct>/construct.json` and each construct's per-instance
 * files. Every file is validated; a broken one is a ConfigError naming the file.
 */
export function loadDesiredState(stackDir: string): LoadedDesiredState {
  const root = path.join(stackDir, MANIFEST_DIR);
  if (!fs.existsSync(root)) {
    throw new ConfigError(
      `${root} does not exist: ${stackDir} is not a synthesized stack of this project (run cdktf synth, or pass --stack-dir)`,
    );
  }
  const userAttributes: DesiredAttributeSet[] = [];
  const users: DesiredUserSet[] = [];
  const groups: DesiredGroupSet[] = [];
  const skipped: string[] = [];
  const connections: { file: string; scim: ScimConnection }[] = [];

  for (const name of subdirectories(root)) {
    const dir = path.join(root, name);
    const constructFile = path.join(dir, CONSTRUCT_FILE);
    if (!fs.existsSync(constructFile)) continue;
    const kind = kindOf(readJson(constructFile));
    if (kind === 'user-attributes') {
      const construct = parseFile(constructFile, UserAttributesConstructFile);
      const shards = filesOf(dir, /^shard-.*\.json$/).map((f) => parseFile(f, UserAttributesShardFile));
      connections.push({ file: constructFile, scim: construct.scim });
      userAttributes.push({
        constructPath: construct.constructPath,
        managedKeys: construct.managedKeys,
        users: shards.flatMap((s) => s.users),
        instanceOf: shardIndex(shards),
      });
    } else if (kind === 'users') {
      const construct = parseFile(constructFile, UsersConstructFile);
      const shards = filesOf(dir, /^shard-.*\.json$/).map((f) => parseFile(f, UsersShardFile));
      connections.push({ file: constructFile, scim: construct.scim });
      users.push({ constructPath: construct.constructPath, users: shards.flatMap((s) => s.users), instanceOf: shardIndex(shards) });
    } else if (kind === 'directory-groups') {
      const construct = parseFile(constructFile, GroupsConstructFile);
      const files = filesOf(dir, /^group-.*\.json$/).map((f) => parseFile(f, GroupFile));
      connections.push({ file: constructFile, scim: construct.scim });
      groups.push({ constructPath: construct.constructPath, membership: construct.membership, groups: files.map((f) => f.group) });
    } else {
      skipped.push(dir);
    }
  }

  const first = connections[0];
  const other = connections.find((c) => c.scim.url !== first?.scim.url);
  if (first && other) {
    throw new ConfigError(
      `the constructs target different SCIM roots (${first.scim.url} in ${first.file}, ${other.scim.url} in ${other.file}); drift checks one Domo instance at a time`,
    );
  }
  return { state: { userAttributes, users, groups }, ...(first ? { scim: first.scim } : {}), skipped };
}

function shardIndex(shards: readonly { shard: string; users: readonly { userName: string }[] }[]): Map<string, string> {
  return new Map(shards.flatMap((s) => s.users.map((u) => [userKey(u.userName), s.shard] as const)));
}

function filesOf(dir: string, pattern: RegExp): string[] {
  return fs
    .readdirSync(dir)
    .filter((n) => pattern.test(n))
    .sort()
    .map((n) => path.join(dir, n));
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(
      `${file}: cannot read the desired-state file: ${(e as Error).message}; synthesize the project again (cdktf synth)`,
    );
  }
}

function kindOf(json: unknown): unknown {
  return typeof json === 'object' && json !== null ? (json as { kind?: unknown }).kind : undefined;
}

function parseFile<T extends z.ZodType>(file: string, schema: T): z.infer<T> {
  const parsed = schema.safeParse(readJson(file));
  if (!parsed.success)
    throw new ConfigError(
      `${file}: invalid desired-state file; synthesize the project again (cdktf synth):\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data;
}
