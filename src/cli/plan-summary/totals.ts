import { userKey } from '../../model/identity';
import type { Section, UsersSection } from './analyze';
import { formatCount, plural } from '../../report/markdown';

export interface Totals {
  readonly usersChanged: number;
  /** Of usersChanged, those not in any construct before. */
  readonly usersNew: number;
  readonly attributesChanged: number;
  readonly usersLeaving: number;
  readonly groupsCreated: number;
  readonly groupsChanged: number;
  readonly groupsRemoved: number;
  readonly membersJoining: number;
  /** Members removed from authoritative groups (additive groups keep them). */
  readonly membersLeaving: number;
  readonly definitionsCreated: number;
  readonly definitionsChanged: number;
  readonly definitionsRemoved: number;
  readonly policiesCreated: number;
  readonly policiesChanged: number;
  readonly policiesRemoved: number;
  readonly otherResources: number;
}

type ResourceCounts = {
  -readonly [K in Exclude<keyof Totals, 'usersChanged' | 'usersNew' | 'attributesChanged' | 'usersLeaving'>]: number;
};

export function totalsOf(sections: readonly Section[]): Totals {
  const users = userTotals(sections.filter((s): s is UsersSection => s.kind === 'users' || s.kind === 'user-attributes'));
  const t: ResourceCounts = {
    groupsCreated: 0,
    groupsChanged: 0,
    groupsRemoved: 0,
    membersJoining: 0,
    membersLeaving: 0,
    definitionsCreated: 0,
    definitionsChanged: 0,
    definitionsRemoved: 0,
    policiesCreated: 0,
    policiesChanged: 0,
    policiesRemoved: 0,
    otherResources: 0,
  };
  for (const s of sections) {
    if (s.kind === 'directory-groups') {
      for (const g of s.groups) {
        if (g.status === 'created') t.groupsCreated++;
        else if (g.status === 'changed') t.groupsChanged++;
        else t.groupsRemoved++;
        t.membersJoining += g.joining.length;
        if (g.membership !== 'additive') t.membersLeaving += g.leaving.length;
      }
    } else if (s.kind === 'custom-attributes') {
      for (const d of s.definitions) {
        if (d.status === 'created') t.definitionsCreated++;
        else if (d.status === 'changed') t.definitionsChanged++;
        else t.definitionsRemoved++;
      }
    } else if (s.kind === 'pdp-policies') {
      for (const p of s.policies) {
        if (p.status === 'created') t.policiesCreated++;
        else if (p.status === 'changed') t.policiesChanged++;
        else t.policiesRemoved++;
      }
    } else if (s.kind === 'other') t.otherResources += s.resources.length;
  }
  return { ...users, ...t };
}

/** Users are counted once however many constructs change them; a user is new when no construct had them before. */
function userTotals(sections: readonly UsersSection[]): Pick<Totals, 'usersChanged' | 'usersNew' | 'attributesChanged' | 'usersLeaving'> {
  const changedUsers = new Set<string>();
  const existingUsers = new Set<string>();
  const leaving = new Set<string>();
  let attributesChanged = 0;
  for (const s of sections) {
    for (const u of s.changed) {
      changedUsers.add(userKey(u.userName));
      existingUsers.add(userKey(u.userName));
    }
    for (const u of s.created) changedUsers.add(userKey(u.userName));
    for (const u of [...s.changed, ...s.created]) attributesChanged += u.changes.length;
    for (const u of s.leaving) leaving.add(userKey(u));
  }
  const usersNew = [...changedUsers].filter((u) => !existingUsers.has(u)).length;
  return { usersChanged: changedUsers.size, usersNew, attributesChanged, usersLeaving: leaving.size };
}

export function totalsLine(t: Totals): string {
  const parts = [
    `${plural(t.usersChanged, 'user')} changed${t.usersNew > 0 ? ` (${formatCount(t.usersNew)} new)` : ''}, ${plural(t.attributesChanged, 'attribute')} changed, ${plural(t.usersLeaving, 'user')} leaving`,
    `groups: ${formatCount(t.groupsCreated)} created, ${formatCount(t.groupsChanged)} changed, ${formatCount(t.groupsRemoved)} removed`,
    `members: ${formatCount(t.membersJoining)} joining, ${formatCount(t.membersLeaving)} leaving`,
    `definitions: ${formatCount(t.definitionsCreated)} created, ${formatCount(t.definitionsChanged)} changed, ${formatCount(t.definitionsRemoved)} removed`,
  ];
  if (t.policiesCreated + t.policiesChanged + t.policiesRemoved > 0)
    parts.push(
      `PDP policies: ${formatCount(t.policiesCreated)} created, ${formatCount(t.policiesChanged)} changed, ${formatCount(t.policiesRemoved)} removed`,
    );
  if (t.otherResources > 0) parts.push(`${plural(t.otherResources, 'other resource')} changed`);
  return `**Totals:** ${parts.join(' · ')}`;
}
