import { groupKey, userKey } from '../../model/identity';
import { mayBeRerun, type InstanceChange } from '../../plan/plan-json';
import { capped, constructName, heading, ranked, retainOrDeleteFate, statusCounts } from '../../plan/render';
import { WARNING_RANK, type ConstructInfo, type PlanHooks, type PlanSection } from '../../plan/section';
import { memberListBlock, type Block, type LayoutSection } from '../../report/layout';
import { code } from '../../report/markdown';
import { formatCount, plural } from '../../report/words';
import { analyzeAccess } from './access';
import { describeRows, isPolicyTriggerMap, policiesOfTriggers, type DesiredPdpPolicy } from './model';

/** Members of one kind joining or leaving a policy. */
export interface MemberChanges {
  readonly users: readonly string[];
  readonly groups: readonly string[];
}

export interface PolicyChange {
  readonly dataset: string;
  readonly name: string;
  readonly status: 'created' | 'changed' | 'removed';
  /** As the plan had it before (undefined for a new policy) and after (undefined for a removed one). */
  readonly before?: DesiredPdpPolicy;
  readonly after?: DesiredPdpPolicy;
  /** The rows it shows changed (filters, or every row). */
  readonly rowsChanged: boolean;
  readonly joining: MemberChanges;
  readonly leaving: MemberChanges;
}

export interface PoliciesSection extends PlanSection {
  /** New ones first, then changed, then removed; by dataset and name within each. */
  readonly policies: readonly PolicyChange[];
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const STATUS_ORDER = { created: 0, changed: 1, removed: 2 } as const;

/** Who or what joins: names in `after` whose key is not in `before`, sorted ignoring case. */
function added(before: readonly string[], after: readonly string[], key: (s: string) => string): string[] {
  const had = new Set(before.map(key));
  return after.filter((n) => !had.has(key(n))).sort((a, b) => compare(key(a), key(b)));
}

function changeOf(dataset: string, b: DesiredPdpPolicy | undefined, a: DesiredPdpPolicy | undefined): PolicyChange | undefined {
  const rowsChanged = JSON.stringify([b?.allRows, b?.filters]) !== JSON.stringify([a?.allRows, a?.filters]);
  const joining = { users: added(b?.users ?? [], a?.users ?? [], userKey), groups: added(b?.groups ?? [], a?.groups ?? [], groupKey) };
  const leaving = a
    ? { users: added(a.users, b?.users ?? [], userKey), groups: added(a.groups, b?.groups ?? [], groupKey) }
    : { users: [], groups: [] };
  const status = !b ? 'created' : !a ? 'removed' : 'changed';
  const renamed = a !== undefined && b !== undefined && a.name !== b.name;
  const moved = joining.users.length + joining.groups.length + leaving.users.length + leaving.groups.length;
  if (status === 'changed' && !rowsChanged && !renamed && moved === 0) return undefined;
  return { dataset, name: (a ?? b)!.name, status, ...(b ? { before: b } : {}), ...(a ? { after: a } : {}), rowsChanged, joining, leaving };
}

/** The policies of a PDP construct that the plan changes, rebuilt from each dataset instance's trigger maps. */
function analyzePolicies(changed: readonly InstanceChange[], info: (reruns: number) => ConstructInfo): PoliciesSection {
  const policies: PolicyChange[] = [];
  let reruns = 0;
  for (const instance of changed) {
    const before = policiesOfTriggers(instance.before ?? new Map());
    const after = policiesOfTriggers(instance.after ?? new Map());
    let changes = 0;
    for (const key of new Set([...before.keys(), ...after.keys()])) {
      const change = changeOf(instance.key, before.get(key), after.get(key));
      if (!change) continue;
      changes++;
      policies.push(change);
    }
    if (changes === 0 && mayBeRerun(instance)) reruns++;
  }
  policies.sort(
    (x, y) =>
      STATUS_ORDER[x.status] - STATUS_ORDER[y.status] ||
      compare(x.dataset, y.dataset) ||
      compare(x.name.toLowerCase(), y.name.toLowerCase()),
  );
  return { kind: 'pdp-policies', ...info(reruns), policies };
}

const rows = (policy: PolicyChange['after']) => (policy ? describeRows(policy, (s) => code(s)) : '');

/** `group X`, `user y` items of one side of a membership change. */
const memberItems = (m: MemberChanges) => [...m.groups.map((g) => `group ${code(g)}`), ...m.users.map((u) => `user ${code(u)}`)];

function policyBlocks(p: PolicyChange): Block[] {
  const details: string[] = [];
  if (p.status === 'created') details.push(`- rows: ${rows(p.after)}`);
  else if (p.rowsChanged) details.push(`- rows: ${rows(p.before)} → ${rows(p.after)}`);
  if (p.before && p.after && p.before.name !== p.after.name) details.push(`- name: ${code(p.before.name)} → ${code(p.after.name)}`);
  const what = p.status === 'created' ? 'created' : 'changed';
  const blocks: Block[] = [
    {
      lines: [`**${code(p.name)}** on dataset ${code(p.dataset)} — ${what}`, ...(details.length > 0 ? ['', ...details] : [])],
      hides: { policy: 1 },
    },
  ];
  const joining = memberItems(p.joining);
  if (joining.length > 0) blocks.push(memberListBlock(`Joining (${formatCount(joining.length)}):`, joining, 'member joining'));
  const leaving = memberItems(p.leaving);
  if (leaving.length > 0) blocks.push(memberListBlock(`Leaving (${formatCount(leaving.length)}):`, leaving, 'member leaving'));
  return blocks;
}

/** Each policy created or changed with its rows and who joins or leaves, then those removed. */
function render(s: PoliciesSection): LayoutSection {
  const blocks = s.policies.filter((p) => p.status !== 'removed').flatMap(policyBlocks);
  const removed = s.policies.filter((p) => p.status === 'removed');
  if (removed.length > 0) {
    blocks.push({
      lines: [`**Removed** (${plural(removed.length, 'policy', 'policies')}): ${retainOrDeleteFate(s.removalPolicy)}:`],
      items: removed.map((p) => `${code(p.name)} on ${code(p.dataset)}`),
      itemUnit: 'policy',
      inline: true,
    });
  }
  return { heading: heading(s, 'PDP policies', statusCounts(s.policies.map((p) => p.status))), blocks };
}

export const pdpPoliciesPlan: PlanHooks<PoliciesSection> = {
  recognize: isPolicyTriggerMap,
  section: (c) => analyzePolicies(c.changed, c.info),
  render,
  removals(s, c) {
    const users = new Set<string>();
    for (const i of c.instances)
      for (const p of policiesOfTriggers(i.before ?? new Map()).values()) for (const u of p.users) users.add(userKey(u));
    const removed = new Map<string, string>();
    for (const p of s.policies) {
      // A retained policy keeps its users in Domo.
      const leaving = p.status === 'removed' ? (s.removalPolicy === 'delete' ? (p.before?.users ?? []) : []) : p.leaving.users;
      for (const u of leaving) removed.set(userKey(u), u);
    }
    return { users: users.size, removed: [...removed.values()] };
  },
  // A policy deleted from Domo by its removal policy.
  warnings(s) {
    const texts = s.policies
      .filter((p) => p.status === 'removed')
      .flatMap((p) =>
        s.removalPolicy === 'delete'
          ? [
              `PDP policy ${code(p.name)} of dataset ${code(p.dataset)} is **deleted from Domo** by ${constructName(s)} (removal policy \`delete\`)`,
            ]
          : s.removalPolicy === undefined
            ? [
                `PDP policy ${code(p.name)} of dataset ${code(p.dataset)} leaves ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`)`,
              ]
            : [],
      );
    return ranked(
      WARNING_RANK.policies,
      capped(texts, (n) => `… and ${plural(n, 'more policy', 'more policies')} leaving ${constructName(s)}`),
    );
  },
  totals: {
    id: 'policies',
    order: 3,
    phrases(sections) {
      const all = sections.flatMap((s) => s.policies);
      const count = (status: PolicyChange['status']) => all.filter((p) => p.status === status).length;
      if (all.length === 0) return [];
      return [
        `PDP policies: ${formatCount(count('created'))} created, ${formatCount(count('changed'))} changed, ${formatCount(count('removed'))} removed`,
      ];
    },
  },
  access: analyzeAccess,
};
