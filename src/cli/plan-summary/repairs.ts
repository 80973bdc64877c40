import { renderValues } from '../../model/triggers';
import { describeRole } from '../../model/roles';
import type { DriftReport, GroupDrift, OutsiderDrift, UserDrift, ValueDifference } from '../drift/compute';
import type { Block, LayoutSection } from './layout';
import { code, plural } from './markdown';

/** What a plan repairs beyond its data changes: the drift it was made to undo. */
export interface RepairsInput {
  readonly report: DriftReport;
  /** The outsiders the deploy applies the removal policy to (those the state no longer lists). */
  readonly outsiders: readonly OutsiderDrift[];
  /** Instances replaced on request (`-replace`) to repair. */
  readonly replaced: number;
  /** Constructs this plan repairs (after `--only`); @default every construct */
  readonly only?: (constructPath: string) => boolean;
}

const NONE = '*(none)*';

function show(text: string): string {
  return text === '' ? NONE : code(text, true);
}

function showDifference(d: ValueDifference): string {
  if (d.kind === 'attribute') return `${code(d.key, true)}: ${show(renderValues(d.live))} → ${show(renderValues(d.desired))}`;
  const role = (v: string) => (v === '' ? '' : describeRole(v));
  const [live, desired] = d.key === 'role' ? [role(d.live), role(d.desired)] : [d.live, d.desired];
  return `${code(d.key, true)}: ${show(live)} → ${show(desired)}`;
}

/**
 * The "Repairs" section of a plan summary: each user and group the plan repairs, with what differs
 * in Domo now (old → new, Domo's value first) and why; separate from the data changes, which are
 * what the code changes.
 */
export function repairsSection(input: RepairsInput): LayoutSection | undefined {
  const only = input.only ?? (() => true);
  const rows = [
    ...userRepairRows(input.report.users, only),
    ...groupRepairRows(input.report.groups, only),
    ...outsiderRepairRows(input.outsiders, only),
  ];
  if (rows.length === 0 && input.replaced === 0) return undefined;
  const blocks: Block[] =
    rows.length > 0
      ? [{ lines: ['| Repaired | In Domo now → after the deploy | Why |', '| --- | --- | --- |'], items: rows, itemUnit: 'repair' }]
      : [];
  return {
    heading: [
      '### Repairs · changes made outside the code',
      '',
      `${plural(input.replaced, 'instance')} replaced on request (\`-replace\`) so that ${input.replaced === 1 ? 'its handler reconciles' : 'their handlers reconcile'} Domo with the code; nothing else of theirs changes.`,
    ],
    blocks,
  };
}

function userRepairRows(users: readonly UserDrift[], only: (constructPath: string) => boolean): string[] {
  const rows: string[] = [];
  for (const u of users) {
    if (!u.constructs.some(only)) continue;
    if (u.status === 'missing') {
      rows.push(
        `| ${code(u.userName, true)} | missing in Domo → ${u.creatable ? 'created' : '*(not created: no DomoUsers manages them)*'} | deleted or never created in Domo |`,
      );
      continue;
    }
    const differences = u.differences.filter((d) => only(d.construct));
    if (differences.length === 0) continue;
    rows.push(`| ${code(u.userName, true)} | ${differences.map(showDifference).join('<br>')} | changed in Domo outside the code |`);
  }
  return rows;
}

function groupRepairRows(groups: readonly GroupDrift[], only: (constructPath: string) => boolean): string[] {
  return groups
    .filter((g) => only(g.construct))
    .map((g) => {
      if (g.status === 'missing') {
        return `| ${code(g.displayName, true)} | missing in Domo → created with ${plural(g.missingMembers.length, 'member')} | deleted or never created in Domo |`;
      }
      const parts = [
        ...g.fields.map((f) => `${code(f.field, true)}: ${show(f.live)} → ${show(f.desired)}`),
        ...(g.extraMembers.length > 0 ? [`leaving: ${g.extraMembers.map((m) => code(m, true)).join(', ')}`] : []),
        ...(g.missingMembers.length > 0 ? [`joining: ${g.missingMembers.map((m) => code(m, true)).join(', ')}`] : []),
      ];
      const why =
        g.extraMembers.length > 0 ? `members added outside the code (membership \`${g.membership}\`)` : 'changed in Domo outside the code';
      return `| ${code(g.displayName, true)} | ${parts.join('<br>')} | ${why} |`;
    });
}

function outsiderRepairRows(outsiders: readonly OutsiderDrift[], only: (constructPath: string) => boolean): string[] {
  return outsiders
    .filter((o) => only(o.construct))
    .map((o) => {
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
    });
}
