import { MEMBER_TRIGGER_PREFIX } from '../../kinds/directory-groups/model';
import { userKey, groupKey } from '../../model/identity';
import { policiesOfTriggers, type DesiredPdpPolicy } from '../../kinds/pdp-policies/model';
import type { ConstructManifest } from './manifests';
import type { ResourceBlock, Triggers } from './plan-json';

export interface GroupState {
  displayName: string;
  /** userKey -> userName; null where the group does not exist on that side. */
  before: Map<string, string> | null;
  after: Map<string, string> | null;
}

/** What the kinds that bear on access collect from the plan, each from its own constructs. */
export interface AccessInput {
  /** By groupKey. */
  readonly groups: Map<string, GroupState>;
  /** `<dataset>\n<policy key>` -> the policy, before and after the plan. */
  readonly before: Map<string, { dataset: string; policy: DesiredPdpPolicy }>;
  readonly after: Map<string, { dataset: string; policy: DesiredPdpPolicy }>;
  /** Without a policy in the stack, nobody's access changes. */
  anyPolicy: boolean;
}

const REMOVED_KEEP = (policy: string | undefined) => policy !== 'delete';

/** Every group's members before and after; a group leaving the code keeps its members unless the removal policy deletes it. */
export function collectGroups(block: ResourceBlock, manifest: ConstructManifest | undefined, into: AccessInput): void {
  const keep = REMOVED_KEEP(manifest?.removalPolicy);
  for (const i of block.instances) {
    const b = membersOf(i.before);
    const a = membersOf(i.after) ?? (keep ? b : null);
    const name = (a ?? b)?.displayName ?? i.key;
    into.groups.set(groupKey(name), { displayName: name, before: b?.members ?? null, after: a?.members ?? null });
  }
}

/** Every policy of every dataset before and after. */
export function collectPolicies(block: ResourceBlock, manifest: ConstructManifest | undefined, into: AccessInput): void {
  into.anyPolicy = true;
  const keep = REMOVED_KEEP(manifest?.removalPolicy);
  for (const i of block.instances) {
    const b = policiesOfTriggers(i.before ?? new Map());
    const a = policiesOfTriggers(i.after ?? new Map());
    for (const [key, policy] of b) into.before.set(`${i.key}\n${key}`, { dataset: i.key, policy });
    for (const [key, policy] of a) into.after.set(`${i.key}\n${key}`, { dataset: i.key, policy });
    // A policy leaving the code stays in Domo as it was, unless the removal policy deletes it.
    if (keep) for (const [key, policy] of b) if (!a.has(key)) into.after.set(`${i.key}\n${key}`, { dataset: i.key, policy });
  }
}

/** A group instance's displayName and members (by userKey), or null for no instance on that side. */
function membersOf(map: Triggers | null): { displayName: string; members: Map<string, string> } | null {
  if (map === null) return null;
  const members = new Map<string, string>();
  for (const k of map.keys())
    if (k.startsWith(MEMBER_TRIGGER_PREFIX))
      members.set(userKey(k.slice(MEMBER_TRIGGER_PREFIX.length)), k.slice(MEMBER_TRIGGER_PREFIX.length));
  return { displayName: map.get('displayName') ?? '', members };
}
