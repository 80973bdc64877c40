import { renderValues } from '../model/triggers';
import { describeRole } from '../model/roles';
import { code } from '../report/markdown';
import type { OutsiderDrift, PeopleDrift, ValueDifference } from './drift-types';

const NONE = '*(none)*';
const show = (text: string) => (text === '' ? NONE : code(text, true));

function showDifference(d: ValueDifference): string {
  if (d.kind === 'attribute') return `${code(d.key, true)}: ${show(renderValues(d.live))} → ${show(renderValues(d.desired))}`;
  const role = (v: string) => (v === '' ? '' : describeRole(v));
  const [live, desired] = d.key === 'role' ? [role(d.live), role(d.desired)] : [d.live, d.desired];
  return `${code(d.key, true)}: ${show(live)} → ${show(desired)}`;
}

/** Each user the plan repairs, then each user outside the data it removes. */
export function peopleRepairRows(report: PeopleDrift, only: (constructPath: string) => boolean): string[] {
  const rows: string[] = [];
  for (const u of report.users) {
    if (!u.constructs.some(only)) continue;
    if (u.status === 'missing') {
      const fate = u.creatable ? 'created' : `*(not created: no ${report.creator ?? 'construct'} manages them)*`;
      rows.push(`| ${code(u.userName, true)} | missing in Domo → ${fate} | deleted or never created in Domo |`);
      continue;
    }
    const differences = u.differences.filter((d) => only(d.construct));
    if (differences.length === 0) continue;
    rows.push(`| ${code(u.userName, true)} | ${differences.map(showDifference).join('<br>')} | changed in Domo outside the code |`);
  }
  return [...rows, ...report.outsiders.filter((o) => only(o.construct)).map(outsiderRow)];
}

function outsiderRow(o: OutsiderDrift): string {
  const held = Object.entries(o.values);
  const differs =
    o.removal === 'clear'
      ? held.map(([key, values]) => `${code(key, true)}: ${show(renderValues(values))} → ${NONE}`).join('<br>')
      : `**deleted from Domo** (holds ${held.map(([key]) => code(key, true)).join(', ')})`;
  const why =
    o.removal === 'clear'
      ? `outside the data of ${code(o.construct, true)}, holds keys only this stack writes (removal policy \`clear\`)`
      : `outside the data of ${code(o.construct, true)}, recognised by its marker key (removal policy \`delete\`)`;
  return `| ${code(o.userName, true)} | ${differs} | ${why} |`;
}
