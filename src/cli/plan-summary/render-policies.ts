import { describeRows } from '../../kinds/pdp-policies/model';
import type { AccessChange, AccessGrant, AccessReport } from './access';
import { memberListBlock, type Block, type LayoutSection } from '../../report/layout';
import { code, formatCount, plural } from '../../report/markdown';
import type { MemberChanges, PoliciesSection, PolicyChange } from './policies';
import { groupRemovalPolicy, heading } from './render';
import { capped, type Warning } from './warnings';
import { constructName } from './values';

const rows = (policy: PolicyChange['after'], inTable = false) => (policy ? describeRows(policy, (s) => code(s, inTable)) : '');

/** `group X`, `user y` items of one side of a membership change. */
const memberItems = (m: MemberChanges) => [...m.groups.map((g) => `group ${code(g)}`), ...m.users.map((u) => `user ${code(u)}`)];

function policyBlocks(p: PolicyChange): Block[] {
  const what = p.status === 'created' ? 'created' : 'changed';
  const details: string[] = [];
  if (p.status === 'created') details.push(`- rows: ${rows(p.after)}`);
  else if (p.rowsChanged) details.push(`- rows: ${rows(p.before)} → ${rows(p.after)}`);
  if (p.before && p.after && p.before.name !== p.after.name) details.push(`- name: ${code(p.before.name)} → ${code(p.after.name)}`);
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

/** A PDP construct's part of the summary: each policy created or changed with its rows and who joins or leaves, then those removed. */
export function policiesSection(s: PoliciesSection): LayoutSection {
  const count = (status: PolicyChange['status']) => s.policies.filter((p) => p.status === status).length;
  const blocks = s.policies.filter((p) => p.status !== 'removed').flatMap(policyBlocks);
  const removed = s.policies.filter((p) => p.status === 'removed');
  if (removed.length > 0) {
    blocks.push({
      lines: [`**Removed** (${plural(removed.length, 'policy', 'policies')}): ${groupRemovalPolicy(s)}:`],
      items: removed.map((p) => `${code(p.name)} on ${code(p.dataset)}`),
      itemUnit: 'policy',
      inline: true,
    });
  }
  const counts = [
    count('created') > 0 && `${formatCount(count('created'))} created`,
    count('changed') > 0 && `${formatCount(count('changed'))} changed`,
    count('removed') > 0 && `${formatCount(count('removed'))} removed`,
  ];
  return { heading: heading(s, 'PDP policies', counts), blocks };
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
export function accessSection(report: AccessReport): LayoutSection | undefined {
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
export function accessWarnings(report: AccessReport): Warning[] {
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

/** A policy deleted from Domo by its removal policy. */
export function policyWarnings(s: PoliciesSection): Warning[] {
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
  return capped(texts, (n) => `… and ${plural(n, 'more policy', 'more policies')} leaving ${constructName(s)}`);
}
