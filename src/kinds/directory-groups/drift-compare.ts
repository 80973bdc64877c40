import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import { groupKey, userKey } from '../../model/identity';
import type { DesiredGroup, MembershipMode } from './model';
import { planGroup, type GroupField } from './planner';
import type { DesiredGroupSet } from './drift';

export interface GroupDrift {
  readonly displayName: string;
  readonly construct: string;
  readonly membership: MembershipMode;
  readonly status: 'missing' | 'changed';
  /** Managed fields that differ (displayName only in case, as groups are matched ignoring case). */
  readonly fields: readonly { readonly field: GroupField; readonly desired: string; readonly live: string }[];
  /** Desired members (userNames) not in the group; every desired member when the group is missing. */
  readonly missingMembers: readonly string[];
  /** Members not desired (userNames, or `id N` for an unknown user id); always empty in additive mode. */
  readonly extraMembers: readonly string[];
  /** The missing members that are not Domo users at all. */
  readonly membersNotInDomo: readonly string[];
}

const byKey = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()];
  return x < y ? -1 : x > y ? 1 : 0;
};

interface UserIndex {
  readonly ids: ReadonlyMap<string, string>;
  readonly names: ReadonlyMap<string, string>;
}

/** The desired groups that are missing or differ, sorted by displayName ignoring case. */
export function groupDifferences(
  sets: readonly DesiredGroupSet[],
  liveGroups: readonly ScimGroup[],
  users: readonly ScimUser[],
): GroupDrift[] {
  const ids = new Map<string, string>();
  for (const u of users) if (!ids.has(userKey(u.userName))) ids.set(userKey(u.userName), u.id);
  const index: UserIndex = { ids, names: new Map(users.map((u) => [u.id, u.userName])) };
  const groupsByKey = new Map<string, ScimGroup>();
  for (const g of liveGroups) if (!groupsByKey.has(groupKey(g.displayName))) groupsByKey.set(groupKey(g.displayName), g);
  const drifts: GroupDrift[] = [];
  for (const set of sets) {
    for (const group of set.groups) {
      const drift = groupDrift(set, group, groupsByKey.get(groupKey(group.displayName)), index);
      if (drift) drifts.push(drift);
    }
  }
  return drifts.sort((a, b) => byKey(groupKey(a.displayName), groupKey(b.displayName)));
}

function groupDrift(set: DesiredGroupSet, group: DesiredGroup, liveGroup: ScimGroup | undefined, index: UserIndex): GroupDrift | undefined {
  const wanted = new Map<string, string>();
  for (const m of group.members) if (!wanted.has(userKey(m))) wanted.set(userKey(m), m.trim());
  const notInDomo = [...wanted].filter(([k]) => !index.ids.has(k)).map(([, name]) => name);
  const base = { displayName: group.displayName, construct: set.constructPath, membership: set.membership };
  if (!liveGroup) {
    return {
      ...base,
      status: 'missing',
      fields: [],
      missingMembers: [...wanted.values()].sort(byKey),
      extraMembers: [],
      membersNotInDomo: notInDomo.sort(byKey),
    };
  }
  const desiredNameOfId = new Map([...wanted].flatMap(([k, name]) => (index.ids.has(k) ? [[index.ids.get(k)!, name] as const] : [])));
  const plan = planGroup(liveGroup, group, new Set(desiredNameOfId.keys()), set.membership);
  const displayOf = new Map((liveGroup.members ?? []).map((m) => [m.value, m.display]));
  const memberName = (id: string) => desiredNameOfId.get(id) ?? index.names.get(id) ?? displayOf.get(id) ?? `id ${id}`;
  const missingMembers = [...plan.add.map(memberName), ...notInDomo];
  const extraMembers = plan.remove.map(memberName);
  if (plan.fields.length + missingMembers.length + extraMembers.length === 0) return undefined;
  return {
    ...base,
    status: 'changed',
    fields: plan.fields.map((f) => ({ field: f.field, desired: f.to, live: f.from })),
    missingMembers: missingMembers.sort(byKey),
    extraMembers: extraMembers.sort(byKey),
    membersNotInDomo: notInDomo.sort(byKey),
  };
}
