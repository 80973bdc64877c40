import { describeValues } from '../engine/planner/attributes';
import { describeRole } from '../model/roles';
import { tableSection, type LayoutSection } from '../report/layout';
import { code, escapeText } from '../report/markdown';
import type { DriftSummary } from '../drift/facet';
import type { OutsiderDrift, PeopleDrift, UserDrift, ValueDifference } from './drift-types';

export function peopleSummary(report: PeopleDrift): DriftSummary {
  const outsiders = new Set(report.outsiders.map((o) => o.userName.toLowerCase())).size;
  return {
    differ: [{ count: report.users.length, one: 'user' }],
    notes:
      outsiders === 0
        ? []
        : [`${outsiders} ${outsiders === 1 ? 'user' : 'users'} outside the data still hold${outsiders === 1 ? 's' : ''} managed values`],
  };
}

/** What a missing user needs: `domo-identity deploy` creates users a construct that creates users manages. */
export function missingUserAdvice(user: UserDrift, creator: string | undefined): string {
  return user.creatable
    ? `missing in Domo: \`domo-identity deploy\` creates them (${creator})`
    : `missing in Domo: create them in Domo (or manage them with ${creator ?? 'a construct that creates users'}), or remove them from the dataset`;
}

/** `franchise ["North"], storeNumber "101": cleared by the next domo-identity deploy (removal policy clear)`. */
export function describeOutsider(o: OutsiderDrift): string {
  const fate = o.removal === 'clear' ? 'cleared' : 'deleted from Domo';
  return `outside the data of ${o.construct}, holds ${held(o)}: ${fate} by the next \`domo-identity deploy\` (removal policy ${o.removal})`;
}

const held = (o: OutsiderDrift) =>
  Object.entries(o.values)
    .map(([key, values]) => `${key} ${describeValues(values)}`)
    .join(', ');

export function describeDifference(d: ValueDifference, side: 'desired' | 'live'): string {
  if (d.kind === 'attribute') return describeValues(d[side]);
  const value = d[side];
  if (value === '') return '(none)';
  return d.key === 'role' ? describeRole(value) : JSON.stringify(value);
}

export function peopleText(report: PeopleDrift): string[] {
  const lines: string[] = [];
  if (report.users.length > 0) {
    lines.push('', 'Users:');
    for (const u of report.users) {
      if (u.status === 'missing') {
        lines.push(`  ${u.userName}: ${missingUserAdvice(u, report.creator)}`);
        continue;
      }
      lines.push(`  ${u.userName}:`);
      for (const d of u.differences)
        lines.push(`    ${d.key}: desired ${describeDifference(d, 'desired')}, live ${describeDifference(d, 'live')}`);
    }
  }
  if (report.outsiders.length > 0) {
    lines.push('', 'Outside the data (the removal policy applies):');
    for (const o of report.outsiders) lines.push(`  ${o.userName}: ${describeOutsider(o)}`);
  }
  return lines;
}

export function peopleMarkdown(report: PeopleDrift): LayoutSection[] {
  const sections: LayoutSection[] = [];
  if (report.users.length > 0) {
    const rows = report.users.flatMap((u) =>
      u.status === 'missing'
        ? [`| ${code(u.userName, true)} | ${escapeText(missingUserAdvice(u, report.creator))} | | |`]
        : u.differences.map(
            (d) =>
              `| ${code(u.userName, true)} | ${code(d.key, true)} | ${code(describeDifference(d, 'desired'), true)} | ${code(describeDifference(d, 'live'), true)} |`,
          ),
    );
    sections.push(tableSection('### Users', ['User', 'Value', 'Desired', 'Live'], rows, 'difference'));
  }
  if (report.outsiders.length > 0) {
    const rows = report.outsiders.map(
      (o) => `| ${code(o.userName, true)} | ${code(o.construct, true)} | ${code(held(o), true)} | ${escapeText(o.removal)} |`,
    );
    sections.push(tableSection('### Outside the data', ['User', 'Construct', 'Holds', 'Removal policy'], rows, 'user'));
  }
  return sections;
}
