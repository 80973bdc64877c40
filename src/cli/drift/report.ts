import { describeValues } from '../../engine/planner/attributes';
import { describeRole } from '../../model/roles';
import type { DriftReport, GroupDrift, OutsiderDrift, UserDrift, ValueDifference } from './compute';
import type { PolicyDrift } from './policies';

/** `2 users and 1 group differ`; `in sync` when nothing does. */
export function summarizeDrift(report: DriftReport): string {
  if (report.inSync) return 'in sync: Domo matches the desired state';
  const outsiders = new Set(report.outsiders.map((o) => o.userName.toLowerCase())).size;
  const parts = [
    plural(report.users.length, 'user'),
    plural(report.groups.length, 'group'),
    plural(report.policies?.length ?? 0, 'policy', 'policies'),
  ].filter((p) => !p.startsWith('0 '));
  const listed = parts.length > 2 ? `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}` : parts.join(' and ');
  const differ =
    parts.length === 0 ? '' : `${listed} differ${parts.length === 1 && parts[0]!.startsWith('1 ') ? 's' : ''} from the desired state`;
  const outside =
    outsiders === 0 ? '' : `${plural(outsiders, 'user')} outside the data still hold${outsiders === 1 ? 's' : ''} managed values`;
  return [differ, outside].filter(Boolean).join('; ');
}

/** What a missing user needs: `domo-identity deploy` creates users a DomoUsers construct manages. */
export function missingUserAdvice(user: UserDrift): string {
  return user.creatable
    ? 'missing in Domo: `domo-identity deploy` creates them (DomoUsers)'
    : 'missing in Domo: create them in Domo (or manage them with DomoUsers), or remove them from the dataset';
}

/** `franchise ["North"], storeNumber "101": cleared by the next domo-identity deploy (removal policy clear)`. */
export function describeOutsider(o: OutsiderDrift): string {
  const held = Object.entries(o.values)
    .map(([key, values]) => `${key} ${describeValues(values)}`)
    .join(', ');
  const fate = o.removal === 'clear' ? 'cleared' : 'deleted from Domo';
  return `outside the data of ${o.construct}, holds ${held}: ${fate} by the next \`domo-identity deploy\` (removal policy ${o.removal})`;
}

/** For people at a terminal: one block per user and group. */
export function formatDriftText(report: DriftReport): string {
  if (report.inSync) return 'In sync: Domo matches the desired state.';
  const lines = [`Drift: ${summarizeDrift(report)}.`];
  if (report.users.length > 0) {
    lines.push('', 'Users:');
    for (const u of report.users) {
      if (u.status === 'missing') {
        lines.push(`  ${u.userName}: ${missingUserAdvice(u)}`);
        continue;
      }
      lines.push(`  ${u.userName}:`);
      for (const d of u.differences) lines.push(`    ${d.key}: desired ${describe(d, 'desired')}, live ${describe(d, 'live')}`);
    }
  }
  if (report.groups.length > 0) {
    lines.push('', 'Groups:');
    for (const g of report.groups) {
      if (g.status === 'missing') {
        lines.push(`  ${g.displayName}: missing in Domo (${plural(g.missingMembers.length, 'member')} desired)`);
        continue;
      }
      lines.push(`  ${g.displayName} (${g.membership}):`);
      for (const [what, detail] of groupDetails(g)) lines.push(`    ${what}: ${detail}`);
    }
  }
  if (report.outsiders.length > 0) {
    lines.push('', 'Outside the data (the removal policy applies):');
    for (const o of report.outsiders) lines.push(`  ${o.userName}: ${describeOutsider(o)}`);
  }
  const policies = report.policies ?? [];
  if (policies.length > 0) {
    lines.push('', 'Policies:');
    for (const p of policies) {
      const where = `${p.dataset} ${JSON.stringify(p.name)} (${p.construct})`;
      if (p.status === 'missing') lines.push(`  ${where}: missing in Domo${p.note ? ` (${p.note})` : ''}`);
      else {
        lines.push(`  ${where}:`);
        for (const [what, detail] of policyDetails(p)) lines.push(`    ${what}: ${detail}`);
      }
    }
  }
  return lines.join('\n');
}

/** For a pull request or issue: a heading, a summary line and one table row per difference. */
export function formatDriftMarkdown(report: DriftReport): string {
  const lines = ['## Domo identity drift', ''];
  if (report.inSync) {
    lines.push('**In sync**: Domo matches the desired state.');
    return lines.join('\n');
  }
  lines.push(`**Drift**: ${md(summarizeDrift(report))}.`);
  if (report.users.length > 0) {
    lines.push('', '### Users', '', '| User | Value | Desired | Live |', '| --- | --- | --- | --- |');
    for (const u of report.users) {
      if (u.status === 'missing') lines.push(`| ${md(u.userName)} | ${md(missingUserAdvice(u))} | | |`);
      else
        for (const d of u.differences)
          lines.push(`| ${md(u.userName)} | ${md(d.key)} | ${md(describe(d, 'desired'))} | ${md(describe(d, 'live'))} |`);
    }
  }
  if (report.groups.length > 0) {
    lines.push('', '### Groups', '', '| Group | Difference | Detail |', '| --- | --- | --- |');
    for (const g of report.groups) {
      if (g.status === 'missing')
        lines.push(`| ${md(g.displayName)} | missing in Domo | ${plural(g.missingMembers.length, 'member')} desired |`);
      else for (const [what, detail] of groupDetails(g)) lines.push(`| ${md(g.displayName)} | ${md(what)} | ${md(detail)} |`);
    }
  }
  if (report.outsiders.length > 0) {
    lines.push('', '### Outside the data', '', '| User | Construct | Holds | Removal policy |', '| --- | --- | --- | --- |');
    for (const o of report.outsiders) {
      const held = Object.entries(o.values).map(([key, values]) => `${key} ${describeValues(values)}`);
      lines.push(`| ${md(o.userName)} | ${md(o.construct)} | ${md(held.join(', '))} | ${o.removal} |`);
    }
  }
  const policies = report.policies ?? [];
  if (policies.length > 0) {
    lines.push('', '### PDP policies', '', '| Dataset | Policy | Difference | Detail |', '| --- | --- | --- | --- |');
    for (const p of policies) {
      if (p.status === 'missing') lines.push(`| ${md(p.dataset)} | ${md(p.name)} | missing in Domo | ${md(p.note ?? '')} |`);
      else for (const [what, detail] of policyDetails(p)) lines.push(`| ${md(p.dataset)} | ${md(p.name)} | ${md(what)} | ${md(detail)} |`);
    }
  }
  return lines.join('\n');
}

function policyDetails(p: PolicyDrift): [string, string][] {
  const details: [string, string][] = [];
  const notInDomo = new Set(p.membersNotInDomo);
  const names = (list: readonly string[]) => list.map((m) => (notInDomo.has(m) ? `${m} (not in Domo)` : m)).join(', ');
  if (p.liveName !== undefined) details.push(['name', `desired ${JSON.stringify(p.name)}, live ${JSON.stringify(p.liveName)}`]);
  if (p.rows) details.push(['rows', `desired ${p.rows.desired}, live ${p.rows.live}`]);
  if (p.missingUsers.length > 0) details.push(['missing users', names(p.missingUsers)]);
  if (p.extraUsers.length > 0) details.push(['extra users', names(p.extraUsers)]);
  if (p.missingGroups.length > 0) details.push(['missing groups', names(p.missingGroups)]);
  if (p.extraGroups.length > 0) details.push(['extra groups', names(p.extraGroups)]);
  return details;
}

function groupDetails(g: GroupDrift): [string, string][] {
  const details: [string, string][] = [];
  const notInDomo = new Set(g.membersNotInDomo);
  if (g.missingMembers.length > 0) {
    details.push(['missing members', g.missingMembers.map((m) => (notInDomo.has(m) ? `${m} (not a Domo user)` : m)).join(', ')]);
  }
  if (g.extraMembers.length > 0) details.push(['extra members', g.extraMembers.join(', ')]);
  for (const f of g.fields) details.push([f.field, `desired ${JSON.stringify(f.desired)}, live ${JSON.stringify(f.live)}`]);
  return details;
}

function describe(d: ValueDifference, side: 'desired' | 'live'): string {
  if (d.kind === 'attribute') return describeValues(d[side]);
  const value = d[side];
  if (value === '') return '(none)';
  return d.key === 'role' ? describeRole(value) : JSON.stringify(value);
}

function plural(n: number, noun: string, many = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : many}`;
}

/** Table cell text: markdown syntax escaped, so a value can neither format nor break the table. */
function md(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}
