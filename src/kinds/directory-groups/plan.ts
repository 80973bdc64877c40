import { DOMO_GROUP } from '../../domo/scim/urns';
import { groupKey, userKey } from '../../model/identity';
import { byKey, fieldChanges, statusOf } from '../../plan/changes';
import { mayBeRerun, type InstanceChange, type Triggers } from '../../plan/plan-json';
import {
  capped,
  constructName,
  heading,
  ranked,
  retainOrDeleteFate,
  showChange,
  statusCounts,
  warnedName as name,
} from '../../plan/render';
import {
  WARNING_RANK,
  type ConstructInfo,
  type ConstructManifest,
  type PlanHooks,
  type PlanSection,
  type RankedWarning,
  type ValueChange,
} from '../../plan/section';
import { memberListBlock, type Block, type LayoutSection } from '../../report/layout';
import { code } from '../../report/markdown';
import { formatCount, plural } from '../../report/words';
import { MEMBER_TRIGGER_PREFIX } from './model';

export interface GroupChange {
  readonly displayName: string;
  readonly status: 'created' | 'changed' | 'removed';
  /** Fields other than members (displayName is the identity and never changes in place). */
  readonly fields: readonly ValueChange[];
  readonly joining: readonly string[];
  /** Members no longer listed; removed from Domo only when membership is authoritative. */
  readonly leaving: readonly string[];
  readonly membership?: string;
  readonly membersBefore: number;
  readonly membersAfter: number;
}

export interface GroupsSection extends PlanSection {
  readonly membership?: string;
  readonly groups: readonly GroupChange[];
}

/** Thresholds of the member-removal warning. */
export const WARN_MEMBERS_REMOVED = 20;
export const WARN_MEMBERS_REMOVED_SHARE = 0.25;

function splitGroup(map: Triggers | null): { fields: Map<string, string>; members: Map<string, string> } {
  const fields = new Map<string, string>();
  const members = new Map<string, string>();
  for (const [k, v] of map ?? []) {
    if (k.startsWith(MEMBER_TRIGGER_PREFIX)) {
      const member = k.slice(MEMBER_TRIGGER_PREFIX.length);
      members.set(userKey(member), member);
    } else fields.set(k, v);
  }
  return { fields, members };
}

function analyzeGroups(
  changed: readonly InstanceChange[],
  manifest: ConstructManifest | undefined,
  info: (reruns: number) => ConstructInfo,
): GroupsSection {
  const groups: Array<[string, GroupChange]> = [];
  let reruns = 0;
  for (const instance of changed) {
    const status = statusOf(instance);
    const before = splitGroup(instance.before);
    const after = splitGroup(instance.after);
    const displayName = after.fields.get('displayName') ?? before.fields.get('displayName') ?? instance.key;
    const membership = after.fields.get('membership') ?? before.fields.get('membership') ?? manifest?.membership;
    const fields = fieldChanges(before.fields, after.fields, status === 'changed' ? ['displayName'] : ['displayName', 'membership']);
    const joining = byKey([...after.members].filter(([id]) => !before.members.has(id)));
    const leaving = status === 'removed' ? [] : byKey([...before.members].filter(([id]) => !after.members.has(id)));
    if (status === 'changed' && fields.length + joining.length + leaving.length === 0) {
      if (mayBeRerun(instance)) reruns++;
      continue;
    }
    groups.push([
      `${status === 'created' ? 0 : status === 'changed' ? 1 : 2}${displayName.toLowerCase()}`,
      {
        displayName,
        status,
        fields: status === 'removed' ? [] : fields,
        joining,
        leaving,
        ...(membership !== undefined ? { membership } : {}),
        membersBefore: before.members.size,
        membersAfter: after.members.size,
      },
    ]);
  }
  return {
    kind: 'directory-groups',
    ...info(reruns),
    ...(manifest?.membership !== undefined ? { membership: manifest.membership } : {}),
    groups: byKey(groups),
  };
}

function groupBlocks(s: GroupsSection, g: GroupChange): Block[] {
  const members =
    g.status === 'created' ? plural(g.membersAfter, 'member') : `${formatCount(g.membersBefore)} → ${plural(g.membersAfter, 'member')}`;
  const fields = g.fields.map((f) => `- ${showChange(f, false, '*(not managed)*', g.status === 'created')}`);
  const blocks: Block[] = [
    { lines: [`**${code(g.displayName)}** — ${g.status}, ${members}`, ...(fields.length > 0 ? ['', ...fields] : [])], hides: { group: 1 } },
  ];
  if (g.joining.length > 0)
    blocks.push(
      memberListBlock(
        `Joining (${formatCount(g.joining.length)}):`,
        g.joining.map((m) => code(m)),
        'member joining',
      ),
    );
  if (g.leaving.length > 0) {
    const additive = (g.membership ?? s.membership) === 'additive';
    const title = additive
      ? `No longer listed (${formatCount(g.leaving.length)}; they stay in the group: membership \`additive\`):`
      : `Leaving (${formatCount(g.leaving.length)}; removed from the group):`;
    blocks.push(
      memberListBlock(
        title,
        g.leaving.map((m) => code(m)),
        'member leaving',
      ),
    );
  }
  return blocks;
}

function render(s: GroupsSection): LayoutSection {
  const counts = [...statusCounts(s.groups.map((g) => g.status)), s.membership !== undefined && `membership ${code(s.membership)}`];
  const blocks: Block[] = s.groups.filter((g) => g.status !== 'removed').flatMap((g) => groupBlocks(s, g));
  const removed = s.groups.filter((g) => g.status === 'removed');
  if (removed.length > 0) {
    blocks.push({
      lines: [`**Removed** (${plural(removed.length, 'group')}): ${retainOrDeleteFate(s.removalPolicy)}:`],
      items: removed.map((g) => `${code(g.displayName)} (${plural(g.membersBefore, 'member')})`),
      itemUnit: 'group',
      inline: true,
    });
  }
  return { heading: heading(s, 'directory groups', counts), blocks };
}

function warnings(s: GroupsSection): RankedWarning[] {
  const deletions: string[] = [];
  const removals: string[] = [];
  const switches: string[] = [];
  for (const g of s.groups) {
    if (g.status === 'removed') {
      const what = `${name(g.displayName)} (${plural(g.membersBefore, 'member')})`;
      if (s.removalPolicy === 'delete')
        deletions.push(`Group ${what} is **deleted from Domo** by ${constructName(s)} (removal policy \`delete\`)`);
      else if (s.removalPolicy === undefined)
        deletions.push(
          `Group ${what} leaves ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`)`,
        );
      continue;
    }
    const removed = g.leaving.length;
    if (
      g.membership !== 'additive' &&
      removed > 0 &&
      (removed > WARN_MEMBERS_REMOVED || removed > g.membersBefore * WARN_MEMBERS_REMOVED_SHARE)
    ) {
      const share = g.membersBefore === 0 ? 100 : Math.round((removed / g.membersBefore) * 100);
      removals.push(
        `Group ${name(g.displayName)} loses **${formatCount(removed)} of ${plural(g.membersBefore, 'member')}** (${share}%) in ${constructName(s)}`,
      );
    }
    if (g.fields.some((f) => f.key === 'membership' && f.after === 'authoritative'))
      switches.push(
        `Group ${name(g.displayName)} becomes **authoritative**: members not listed are removed, including any added by hand in Domo`,
      );
  }
  return ranked(WARNING_RANK.groups, [
    ...capped(deletions, (n) => `… and ${plural(n, 'more group')} leaving ${constructName(s)}`),
    ...capped(removals, (n) => `… and ${plural(n, 'more group')} losing many members in ${constructName(s)}`),
    ...capped(switches, (n) => `… and ${plural(n, 'more group')} becoming authoritative in ${constructName(s)}`),
  ]);
}

/** A group instance's displayName and members (by userKey), or null for no instance on that side. */
function membersOf(map: Triggers | null): { displayName: string; members: Map<string, string> } | null {
  if (map === null) return null;
  return { displayName: map.get('displayName') ?? '', members: splitGroup(map).members };
}

export const directoryGroupsPlan: PlanHooks<GroupsSection> = {
  recognize: (keys) => keys.has('displayName') && keys.has('membership'),
  section: (c) => analyzeGroups(c.changed, c.manifest, c.info),
  render,
  warnings,
  removals(s, c) {
    const users = new Set<string>();
    for (const i of c.instances) for (const id of splitGroup(i.before).members.keys()) users.add(id);
    const removed = new Map<string, string>();
    for (const g of s.groups) if ((g.membership ?? s.membership) !== 'additive') for (const m of g.leaving) removed.set(userKey(m), m);
    // A deleted group takes its members with it; a retained one keeps them.
    if (s.removalPolicy === 'delete')
      for (const i of c.changed) if (i.after === null) for (const [id, m] of splitGroup(i.before).members) removed.set(id, m);
    return { users: users.size, removed: [...removed.values()] };
  },
  totals: {
    id: 'groups',
    order: 1,
    phrases(sections) {
      const all = sections.flatMap((s) => s.groups);
      const count = (status: GroupChange['status']) => formatCount(all.filter((g) => g.status === status).length);
      const joining = all.reduce((n, g) => n + g.joining.length, 0);
      // Members removed from authoritative groups (additive groups keep them).
      const leaving = all.filter((g) => g.membership !== 'additive').reduce((n, g) => n + g.leaving.length, 0);
      return [
        `groups: ${count('created')} created, ${count('changed')} changed, ${count('removed')} removed`,
        `members: ${formatCount(joining)} joining, ${formatCount(leaving)} leaving`,
      ];
    },
  },
  current(after, index) {
    const displayName = after.get('displayName');
    const live = displayName === undefined ? undefined : index.groups.get(groupKey(displayName));
    if (!live) return null;
    const before = new Map<string, string>();
    const ext = live[DOMO_GROUP] ?? {};
    for (const [key, value] of after) {
      if (key === 'displayName' || key === 'membership') before.set(key, value);
      else if (key === 'domoDisplayName') before.set(key, ext.domoDisplayName ?? '');
      else if (key === 'description') before.set(key, ext.description ?? '');
    }
    const desiredMembers = new Map<string, string>();
    for (const key of after.keys())
      if (key.startsWith(MEMBER_TRIGGER_PREFIX)) desiredMembers.set(userKey(key.slice(MEMBER_TRIGGER_PREFIX.length)), key);
    const additive = after.get('membership') === 'additive';
    for (const m of live.members ?? []) {
      const name = index.userNameOfId.get(m.value) ?? m.display ?? `id ${m.value}`;
      const desired = desiredMembers.get(userKey(name));
      // An additive group keeps members it does not list: they are no change.
      if (desired) before.set(desired, 'member');
      else if (!additive) before.set(`${MEMBER_TRIGGER_PREFIX}${name}`, 'member');
    }
    return before;
  },
  // Every group's members before and after; a group leaving the code keeps its members unless the removal policy deletes it.
  facts({ block, manifest }, into) {
    const keep = manifest?.removalPolicy !== 'delete';
    for (const i of block.instances) {
      const b = membersOf(i.before);
      const a = membersOf(i.after) ?? (keep ? b : null);
      const name = (a ?? b)?.displayName ?? i.key;
      into.groups.set(groupKey(name), { displayName: name, before: b?.members ?? null, after: a?.members ?? null });
    }
  },
};
