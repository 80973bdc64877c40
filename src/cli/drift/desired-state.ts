import * as path from 'node:path';
import { ConfigError } from '../../errors';
import type { DesiredGroup, MembershipMode } from '../../model/directory-groups';
import { userKey, type DesiredUserAttributes } from '../../model/user-attributes';
import type { NormalizedUser } from '../../model/users';
import type { ScimConnection } from '../../kinds/kind';
import { directoryGroupsManifest } from '../../kinds/directory-groups/manifest';
import { userAttributesManifest } from '../../kinds/user-attributes/manifest';
import { usersManifest } from '../../kinds/users/manifest';
import { pdpPoliciesManifest } from '../../kinds/pdp-policies/manifest';
import type { DesiredPolicySet } from './policies';
import { SynthOutput } from '../../synth/reader';
import { subdirectories } from '../folders';

/** The desired state of one stack, as its synthesized manifest files describe it. */
export interface DesiredState {
  /** One entry per DomoUserAttributes construct. */
  readonly userAttributes: readonly DesiredAttributeSet[];
  /** One entry per DomoUsers construct. */
  readonly users: readonly DesiredUserSet[];
  /** One entry per DomoDirectoryGroups construct. */
  readonly groups: readonly DesiredGroupSet[];
  /** One entry per DomoPdpPolicies construct; absent when the stack has none. */
  readonly policies?: readonly DesiredPolicySet[];
}

export interface DesiredAttributeSet {
  readonly constructPath: string;
  readonly managedKeys: readonly string[];
  readonly users: readonly DesiredUserAttributes[];
  /** userKey -> the Terraform instance (shard) key holding that user. */
  readonly instanceOf: ReadonlyMap<string, string>;
  /** `clear` makes the stack own the managed keys: users outside the data holding them are reported. @default - none are */
  readonly removalPolicy?: 'clear' | 'retain';
}

export interface DesiredUserSet {
  readonly constructPath: string;
  /** Standard fields as strings (role as its id, manager as a userName), plus custom attributes. */
  readonly users: readonly NormalizedUser[];
  /** userKey -> the Terraform instance (shard) key holding that user. */
  readonly instanceOf: ReadonlyMap<string, string>;
  /** `delete`: former users recognised by a marker key are reported (see findOutsiders). @default - none are */
  readonly removalPolicy?: 'retain' | 'delete';
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
  /** Construct folders whose kind drift does not check (custom attribute definitions). */
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
 * The desired state of a synthesized stack, read through the one reader of the synth output.
 * Every file is validated; a broken one is a ConfigError naming the file.
 */
export function loadDesiredState(stackDir: string): LoadedDesiredState {
  const output = SynthOutput.open(stackDir);
  const userAttributes: DesiredAttributeSet[] = [];
  const users: DesiredUserSet[] = [];
  const groups: DesiredGroupSet[] = [];
  const policies: DesiredPolicySet[] = [];
  const skipped: string[] = [];
  for (const entry of output.constructs) {
    if (entry.kind === 'user-attributes') {
      const construct = output.constructFile(entry, userAttributesManifest);
      const shards = output.instances(entry, userAttributesManifest).map(([, s]) => s);
      userAttributes.push({
        constructPath: construct.constructPath,
        managedKeys: construct.managedKeys,
        users: shards.flatMap((s) => s.users),
        instanceOf: shardIndex(shards),
        removalPolicy: construct.removalPolicy,
      });
    } else if (entry.kind === 'users') {
      const construct = output.constructFile(entry, usersManifest);
      const shards = output.instances(entry, usersManifest).map(([, s]) => s);
      users.push({
        constructPath: entry.path,
        users: shards.flatMap((s) => s.users),
        instanceOf: shardIndex(shards),
        removalPolicy: construct.removalPolicy,
      });
    } else if (entry.kind === 'directory-groups') {
      const construct = output.constructFile(entry, directoryGroupsManifest);
      const files = output.instances(entry, directoryGroupsManifest).map(([, f]) => f);
      groups.push({ constructPath: entry.path, membership: construct.membership, groups: files.map((f) => f.group) });
    } else if (entry.kind === 'pdp-policies') {
      const datasets = new Map(output.instances(entry, pdpPoliciesManifest).map(([, f]) => [f.dataset, f.policies] as const));
      policies.push({ constructPath: entry.path, datasets });
    } else {
      skipped.push(path.join(stackDir, entry.manifestDir));
    }
  }
  const checked = output.constructs.filter((c) => c.kind !== 'custom-attributes');
  const first = checked[0];
  const other = checked.find((c) => c.scim.url !== first?.scim.url);
  if (first && other) {
    throw new ConfigError(
      `the constructs target different SCIM roots (${first.scim.url} in ${first.path}, ${other.scim.url} in ${other.path}); drift checks one Domo instance at a time`,
    );
  }
  const state = { userAttributes, users, groups, ...(policies.length > 0 ? { policies } : {}) };
  return { state, ...(first ? { scim: first.scim } : {}), skipped };
}

function shardIndex(shards: readonly { shard: string; users: readonly { userName: string }[] }[]): Map<string, string> {
  return new Map(shards.flatMap((s) => s.users.map((u) => [userKey(u.userName), s.shard] as const)));
}
