import * as path from 'node:path';
import { ConfigError } from '../../errors';
import type { DesiredGroup, MembershipMode } from '../../kinds/directory-groups/model';
import type { DesiredUserAttributes } from '../../kinds/user-attributes/model';
import type { NormalizedUser } from '../../kinds/users/model';
import type { ScimConnection } from '../../model/kind';
import type { DesiredPolicySet } from './policies';
import type { IndexedConstruct } from '../../synth/index-file';
import { SynthOutput } from '../../synth/reader';
import { subdirectories } from '../folders';
import { KINDS } from '../../kinds/registry';
import { kindNamed } from '../../model/kind';

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

/** What each kind's `addDesired` adds to while the stack is read. */
export interface DesiredSets {
  readonly userAttributes: DesiredAttributeSet[];
  readonly users: DesiredUserSet[];
  readonly groups: DesiredGroupSet[];
  readonly policies: DesiredPolicySet[];
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
  const sets: DesiredSets = { userAttributes: [], users: [], groups: [], policies: [] };
  const skipped: string[] = [];
  const checked: IndexedConstruct[] = [];
  for (const entry of output.constructs) {
    const addDesired = kindNamed(KINDS, entry.kind).addDesired;
    if (!addDesired) {
      skipped.push(path.join(stackDir, entry.manifestDir));
      continue;
    }
    addDesired(output, entry, sets);
    checked.push(entry);
  }
  const first = checked[0];
  const other = checked.find((c) => c.scim.url !== first?.scim.url);
  if (first && other) {
    throw new ConfigError(
      `the constructs target different SCIM roots (${first.scim.url} in ${first.path}, ${other.scim.url} in ${other.path}); drift checks one Domo instance at a time`,
    );
  }
  const { policies, ...rest } = sets;
  const state = { ...rest, ...(policies.length > 0 ? { policies } : {}) };
  return { state, ...(first ? { scim: first.scim } : {}), skipped };
}
