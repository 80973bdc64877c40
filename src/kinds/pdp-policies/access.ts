import { groupKey, userKey } from '../../model/identity';
import { capped, ranked } from '../../plan/render';
import { WARNING_RANK, type AccessAnalysis, type AccessFacts, type ConstructBlock, type Warning } from '../../plan/section';
import type { LayoutSection } from '../../report/layout';
import { code } from '../../report/markdown';
import { formatCount, plural } from '../../report/words';
import { describeRows, policiesOfTriggers, policyKey, type DesiredPdpPolicy } from './model';

/** One policy of one dataset, as a user gets it: the rows it shows and through what. */
export interface AccessGrant {
  readonly dataset: string;
  readonly policy: string;
  readonly allRows: boolean;
  /** The policy, for describing its rows. */
  readonly rows: Pick<DesiredPdpPolicy, 'allRows' | 'filters'>;
  /** Given to the subject itself (a user of the policy). */
  readonly direct: boolean;
  /** The directory groups it comes through. */
  readonly groups: readonly string[];
}

/**
 * Who gains or loses which rows. A subject is a user (by userName), or a group whose members this
 * stack does not manage (then its members are unknown to the plan, and the group stands for them).
 */
export interface AccessChange {
  readonly subject: string;
  readonly kind: 'user' | 'group';
  readonly gains: readonly AccessGrant[];
  readonly loses: readonly AccessGrant[];
  /** Datasets the subject had rows of before and has none of after (through this stack's policies). */
  readonly lostAllOf: readonly string[];
  /** Grants of every row the subject gains. */
  readonly gainsEverything: readonly AccessGrant[];
}

export interface AccessReport {
  /** Users first, then groups; by name, ignoring case. */
  readonly changes: readonly AccessChange[];
}

interface Side {
  readonly policies: ReadonlyMap<string, { dataset: string; policy: DesiredPdpPolicy }>;
  /** Members of the stack's groups that exist on this side. */
  readonly groups: ReadonlyMap<string, Map<string, string>>;
  /** Every group of the stack (by groupKey), whether or not it exists on this side. */
  readonly managed: ReadonlySet<string>;
}

type Policies = Map<string, { dataset: string; policy: DesiredPdpPolicy }>;

/** Every policy of every dataset before and after; a policy leaving the code stays in Domo as it was, unless the removal policy deletes it. */
function policiesOf(constructs: readonly ConstructBlock[]): { before: Policies; after: Policies } {
  const before: Policies = new Map();
  const after: Policies = new Map();
  for (const { block, manifest } of constructs) {
    const keep = manifest?.removalPolicy !== 'delete';
    for (const i of block.instances) {
      const b = policiesOfTriggers(i.before ?? new Map());
      const a = policiesOfTriggers(i.after ?? new Map());
      for (const [key, policy] of b) before.set(`${i.key}\n${key}`, { dataset: i.key, policy });
      for (const [key, policy] of a) after.set(`${i.key}\n${key}`, { dataset: i.key, policy });
      if (keep) for (const [key, policy] of b) if (!a.has(key)) after.set(`${i.key}\n${key}`, { dataset: i.key, policy });
    }
  }
  return { before, after };
}

/**
 * The access a plan changes: every PDP policy of the stack before and after (a policy leaving the
 * code stays in Domo under removal policy `retain`), and every directory group's members before
 * and after, give each user a set of grants per side; what differs is gained or lost. A filter
 * change is a grant lost and another gained. Groups a policy names that no construct of the stack
 * manages keep their (unknown) members: they are reported as one subject.
 */
export function analyzeAccess(constructs: readonly ConstructBlock[], facts: AccessFacts): AccessAnalysis {
  const report = accessChanges(constructs, facts);
  const section = accessSection(report);
  return { ...(section ? { section } : {}), warnings: ranked(WARNING_RANK.access, accessWarnings(report)) };
}

/** Who gains or loses which rows through these PDP constructs, given the memberships the plan changes. */
export function accessChanges(constructs: readonly ConstructBlock[], facts: AccessFacts): AccessReport {
  const { before, after } = policiesOf(constructs);
  const groups = facts.groups;
  const sideOf = (
    policies: Side['policies'],
    pick: (g: { before: Map<string, string> | null; after: Map<string, string> | null }) => Map<string, string> | null,
  ): Side => ({
    policies,
    groups: new Map([...groups].flatMap(([k, g]) => (pick(g) ? [[k, pick(g)!] as const] : []))),
    managed: new Set(groups.keys()),
  });
  const was = grantsOf(sideOf(before, (g) => g.before));
  const is = grantsOf(sideOf(after, (g) => g.after));
  const changes: AccessChange[] = [];
  for (const id of new Set([...was.keys(), ...is.keys()])) {
    const old = was.get(id)?.grants ?? new Map<string, AccessGrant>();
    const now = is.get(id)?.grants ?? new Map<string, AccessGrant>();
    const gains = [...now].filter(([k]) => !old.has(k)).map(([, g]) => g);
    const loses = [...old].filter(([k]) => !now.has(k)).map(([, g]) => g);
    if (gains.length + loses.length === 0) continue;
    const datasets = (grants: ReadonlyMap<string, AccessGrant>) => new Set([...grants.values()].map((g) => g.dataset));
    const nowSets = datasets(now);
    const subject = (is.get(id) ?? was.get(id))!;
    changes.push({
      subject: subject.name,
      kind: subject.kind,
      gains: sortGrants(gains),
      loses: sortGrants(loses),
      lostAllOf: [...datasets(old)].filter((d) => !nowSets.has(d)).sort(),
      gainsEverything: sortGrants(gains.filter((g) => g.allRows)),
    });
  }
  changes.sort((a, b) => (a.kind === b.kind ? compare(a.subject.toLowerCase(), b.subject.toLowerCase()) : a.kind === 'user' ? -1 : 1));
  return { changes };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function sortGrants(grants: readonly AccessGrant[]): AccessGrant[] {
  return [...grants].sort((a, b) => compare(a.dataset, b.dataset) || compare(a.policy.toLowerCase(), b.policy.toLowerCase()));
}

/** Each subject's grants on one side, keyed by dataset, policy and the rows it shows (so a filter change is a loss and a gain). */
function grantsOf(side: Side): Map<string, { name: string; kind: 'user' | 'group'; grants: Map<string, AccessGrant> }> {
  const subjects = new Map<string, { name: string; kind: 'user' | 'group'; grants: Map<string, AccessGrant> }>();
  const add = (id: string, name: string, kind: 'user' | 'group', dataset: string, policy: DesiredPdpPolicy, group?: string) => {
    let subject = subjects.get(id);
    if (!subject) subjects.set(id, (subject = { name, kind, grants: new Map() }));
    const key = `${dataset}\n${policyKey(policy.name)}\n${describeRows(policy, JSON.stringify)}`;
    const grant = subject.grants.get(key) ?? {
      dataset,
      policy: policy.name,
      allRows: policy.allRows,
      rows: { allRows: policy.allRows, filters: policy.filters },
      direct: false,
      groups: [],
    };
    subject.grants.set(key, {
      ...grant,
      direct: grant.direct || (kind === 'user' && group === undefined),
      groups: group === undefined || kind === 'group' ? grant.groups : [...new Set([...grant.groups, group])],
    });
  };
  for (const { dataset, policy } of side.policies.values()) {
    for (const u of policy.users) add(`u:${userKey(u)}`, u, 'user', dataset, policy);
    for (const g of policy.groups) {
      const members = side.groups.get(groupKey(g));
      if (members) for (const [k, name] of members) add(`u:${k}`, name, 'user', dataset, policy, g);
      // A group of the stack absent on this side has no members there; one no construct manages stands for its members.
      else if (!side.managed.has(groupKey(g))) add(`g:${groupKey(g)}`, g, 'group', dataset, policy, g);
    }
  }
  return subjects;
}

function grantText(g: AccessGrant): string {
  const through = [
    ...(g.direct ? ['directly'] : []),
    ...(g.groups.length > 0 ? [`via ${g.groups.map((name) => `group ${code(name, true)}`).join(', ')}`] : []),
  ];
  return `${code(g.dataset, true)} › ${code(g.policy, true)}: ${describeRows(g.rows, (s) => code(s, true))}${through.length > 0 ? ` (${through.join(' and ')})` : ''}`;
}

const subjectOf = (c: AccessChange, inTable = false) =>
  c.kind === 'user' ? code(c.subject, inTable) : `members of group ${code(c.subject, inTable)}`;

/**
 * "Access changes": per user, the policies (dataset, rows) gained and lost through this plan's
 * policy and membership changes; undefined when nobody's access changes.
 */
function accessSection(report: AccessReport): LayoutSection | undefined {
  if (report.changes.length === 0) return undefined;
  const users = report.changes.filter((c) => c.kind === 'user');
  const groups = report.changes.length - users.length;
  const summary = [
    `${plural(users.length, 'user')} ${users.length === 1 ? 'gains or loses' : 'gain or lose'} rows of datasets with PDP policies`,
    `${formatCount(users.filter((c) => c.gains.length > 0).length)} gaining`,
    `${formatCount(users.filter((c) => c.loses.length > 0).length)} losing`,
    ...(groups > 0 ? [`${plural(groups, 'group')} no construct of this stack manages (members not known to the plan)`] : []),
  ];
  return {
    heading: ['### Access changes', '', summary.join(' · ')],
    blocks: [
      {
        lines: ['| User | Gains | Loses |', '| --- | --- | --- |'],
        items: report.changes.map(
          (c) =>
            `| ${subjectOf(c, true)} | ${c.gains.map(grantText).join('<br>') || '—'} | ${c.loses.map(grantText).join('<br>') || '—'} |`,
        ),
        itemUnit: 'user',
      },
    ],
  };
}

/** Someone losing every row of a dataset, or gaining every row of one. */
function accessWarnings(report: AccessReport): Warning[] {
  const lost = report.changes.flatMap((c) =>
    c.lostAllOf.map(
      (d) => `${subjectOf(c)} **loses all access** to dataset ${code(d)}: no policy of this stack shows them its rows any more`,
    ),
  );
  const everything = report.changes.flatMap((c) =>
    c.gainsEverything.map((g) => `${subjectOf(c)} **gains access to every row** of dataset ${code(g.dataset)} (policy ${code(g.policy)})`),
  );
  return [
    ...capped(lost, (n) => `… and ${plural(n, 'more user')} losing all access to a dataset`),
    ...capped(everything, (n) => `… and ${plural(n, 'more user')} gaining access to every row of a dataset`),
  ];
}
