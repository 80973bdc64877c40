import { planGroup } from '../../kinds/directory-groups/planner';
import { type DesiredGroup } from '../../kinds/directory-groups/model';
import { userKey, groupKey } from '../../model/identity';
import type { ScimGroup } from '../../domo/scim/schemas';
import type { GroupDrift } from './compute';
import type { DesiredGroupSet, DesiredState } from './desired-state';
import { byKey, compare } from './order';
import type { UserIndex } from './user-index';

/** The desired groups that are missing or differ, sorted by displayName ignoring case. */
export function computeGroupDrift(desired: DesiredState, liveGroups: readonly ScimGroup[], index: UserIndex): GroupDrift[] {
  const groupsByKey = new Map<string, ScimGroup>();
  for (const g of liveGroups) if (!groupsByKey.has(groupKey(g.displayName))) groupsByKey.set(groupKey(g.displayName), g);
  const groups: GroupDrift[] = [];
  for (const set of desired.groups) {
    for (const group of set.groups) {
      const drift = groupDrift(set, group, groupsByKey.get(groupKey(group.displayName)), index);
      if (drift) groups.push(drift);
    }
  }
  return groups.sort((a, b) => compare(groupKey(a.displayName), groupKey(b.displayName)));
}

function groupDrift(set: DesiredGroupSet, group: DesiredGroup, liveGroup: ScimGroup | undefined, index: UserIndex): GroupDrift | undefined {
  const wanted = new Map<string, string>();
  for (const m of group.members) if (!wanted.has(userKey(m))) wanted.set(userKey(m), m.trim());
  const notInDomo = [...wanted].filter(([k]) => !index.byKey.has(k)).map(([, name]) => name);
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
  const desiredNameOfId = new Map(
    [...wanted].flatMap(([k, name]) => (index.byKey.has(k) ? [[index.byKey.get(k)!.id, name] as const] : [])),
  );
  const plan = planGroup(liveGroup, group, new Set(desiredNameOfId.keys()), set.membership);
  const memberName = (id: string) =>
    desiredNameOfId.get(id) ?? index.userNameOfId.get(id) ?? liveGroup.members?.find((m) => m.value === id)?.display ?? `id ${id}`;
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
