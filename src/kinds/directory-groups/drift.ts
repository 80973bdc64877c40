import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import type { DriftFacet } from '../../drift/facet';
import { userKey } from '../../model/identity';
import { tableSection } from '../../report/layout';
import { code, escapeText } from '../../report/markdown';
import { plural } from '../../report/words';
import { MEMBER_TRIGGER_PREFIX, type DesiredGroup, type MembershipMode } from './model';
import { groupDifferences } from './drift-compare';
import type { GroupDrift } from './drift-compare';

export type { GroupDrift };

/** One DomoDirectoryGroups construct as drift compares it. */
export interface DesiredGroupSet {
  readonly constructPath: string;
  readonly membership: MembershipMode;
  readonly groups: readonly DesiredGroup[];
}

interface GroupsLive {
  readonly users: readonly ScimUser[];
  /** The desired groups that exist in Domo, with their members; a desired group not here is missing. */
  readonly groups: readonly ScimGroup[];
}

/**
 * Directory groups: each desired group missing in Domo, or with fields or members that differ
 * (extra members only in `authoritative` mode), through the deploy's own planner (planGroup).
 * Reads the listing of every user (to name members), one listing of groups without members, and
 * each desired group that exists, with its members.
 */
export const groupsFacet: DriftFacet<DesiredGroupSet, GroupsLive, readonly GroupDrift[]> = {
  id: 'groups',
  async read(sets, reads) {
    const wanted = sets.flatMap((s) => s.groups.map((g) => g.displayName));
    if (wanted.length === 0) return { users: [], groups: [] };
    return { users: await reads.users(), groups: await reads.groupsNamed(wanted) };
  },
  compare: (sets, live) => groupDifferences(sets, live.groups, live.users),
  inSync: (r) => r.length === 0,
  outsideTheCode(report, deployed) {
    const kept: GroupDrift[] = [];
    for (const g of report) {
      const state = deployed.instance(g.construct, g.displayName);
      if (!state) continue;
      if (g.status === 'missing') {
        kept.push(g);
        continue;
      }
      const members = new Set<string>();
      for (const k of state.keys()) if (k.startsWith(MEMBER_TRIGGER_PREFIX)) members.add(userKey(k.slice(MEMBER_TRIGGER_PREFIX.length)));
      const wasMember = (m: string) => members.has(userKey(m));
      const fields = g.fields.filter((f) => (state.get(f.field) ?? '') !== f.live);
      const extraMembers = g.extraMembers.filter((m) => !wasMember(m));
      const missingMembers = g.missingMembers.filter((m) => wasMember(m));
      if (fields.length + extraMembers.length + missingMembers.length === 0) continue;
      const missing = new Set(missingMembers);
      kept.push({ ...g, fields, extraMembers, missingMembers, membersNotInDomo: g.membersNotInDomo.filter((m) => missing.has(m)) });
    }
    return kept;
  },
  repairTargets: (report) => report.map((g) => ({ constructPath: g.construct, instanceKey: g.displayName })),
  managedExample: (_sets, live) => (live.groups[0] ? `the group ${JSON.stringify(live.groups[0].displayName)} exists` : undefined),
  json: (r) => ({ groups: r }),
  summary: (r) => ({ differ: [{ count: r.length, one: 'group' }] }),
  text(report) {
    if (report.length === 0) return [];
    const lines = ['', 'Groups:'];
    for (const g of report) {
      if (g.status === 'missing') {
        lines.push(`  ${g.displayName}: missing in Domo (${plural(g.missingMembers.length, 'member')} desired)`);
        continue;
      }
      lines.push(`  ${g.displayName} (${g.membership}):`);
      for (const [what, detail] of groupDetails(g)) lines.push(`    ${what}: ${detail}`);
    }
    return lines;
  },
  markdown(report) {
    if (report.length === 0) return [];
    const rows = report.flatMap((g) =>
      g.status === 'missing'
        ? [`| ${code(g.displayName, true)} | missing in Domo | ${plural(g.missingMembers.length, 'member')} desired |`]
        : groupDetails(g).map(([what, detail]) => `| ${code(g.displayName, true)} | ${escapeText(what)} | ${code(detail, true)} |`),
    );
    return [tableSection('### Groups', ['Group', 'Difference', 'Detail'], rows, 'difference')];
  },
  repairRows,
};

const show = (text: string) => code(text, true);

/** Each group the plan repairs, Domo's value first. */
function repairRows(report: readonly GroupDrift[], only: (constructPath: string) => boolean): string[] {
  return report
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

export function groupDetails(g: GroupDrift): [string, string][] {
  const details: [string, string][] = [];
  const notInDomo = new Set(g.membersNotInDomo);
  if (g.missingMembers.length > 0) {
    details.push(['missing members', g.missingMembers.map((m) => (notInDomo.has(m) ? `${m} (not a Domo user)` : m)).join(', ')]);
  }
  if (g.extraMembers.length > 0) details.push(['extra members', g.extraMembers.join(', ')]);
  for (const f of g.fields) details.push([f.field, `desired ${JSON.stringify(f.desired)}, live ${JSON.stringify(f.live)}`]);
  return details;
}
