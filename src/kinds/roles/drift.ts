import type { DriftFacet } from '../../drift/facet';
import { mapLimit } from '../../engine/pool';
import { tableSection } from '../../report/layout';
import { code, escapeText } from '../../report/markdown';
import { plural } from '../../report/words';
import { grantKey, GRANTED } from './model';
import { findRole } from './planner';
import { roleDifferences, type DesiredRoleSet, type RoleDrift, type RolesLive } from './drift-compare';

export type { DesiredRoleSet, RoleDrift };

const grants = (list: readonly string[]) => list.join(', ');

function details(r: RoleDrift): [string, string][] {
  return [
    ...(r.extraGrants.length > 0 ? [['grants added outside the code', grants(r.extraGrants)] as [string, string]] : []),
    ...(r.missingGrants.length > 0 ? [['grants missing', grants(r.missingGrants)] as [string, string]] : []),
  ];
}

/**
 * Custom roles: each desired role missing in Domo, or holding grants the code does not list or
 * lacking some it does, through the deploy's own planner (planRole). Reads the roles listing and
 * the grants of each desired role Domo has.
 */
export const rolesFacet: DriftFacet<DesiredRoleSet, RolesLive, readonly RoleDrift[]> = {
  id: 'roles',
  async read(sets, reads) {
    const wanted = sets.flatMap((s) => s.roles);
    if (wanted.length === 0) return [];
    const listed = await reads.roles();
    const found = [...new Set(wanted.map((r) => findRole(listed, r.name)).filter((r) => r !== undefined))];
    return mapLimit(found, 4, async (role) => ({ role, grants: await reads.api().roles.authorities(role.id) }));
  },
  compare: (sets, live) => roleDifferences(sets, live),
  inSync: (r) => r.length === 0,
  outsideTheCode(report, deployed) {
    const kept: RoleDrift[] = [];
    for (const r of report) {
      const state = deployed.instance(r.construct, r.name);
      if (!state) continue;
      if (r.status === 'missing') {
        kept.push(r);
        continue;
      }
      const wasGranted = (g: string) => state.get(grantKey(r.name, g)) === GRANTED;
      const extraGrants = r.extraGrants.filter((g) => !wasGranted(g));
      const missingGrants = r.missingGrants.filter(wasGranted);
      if (extraGrants.length + missingGrants.length > 0) kept.push({ ...r, extraGrants, missingGrants });
    }
    return kept;
  },
  repairTargets: (report) => report.map((r) => ({ constructPath: r.construct, instanceKey: r.name })),
  json: (r) => ({ roles: r }),
  summary: (r) => ({ differ: [{ count: r.length, one: 'role' }] }),
  text(report) {
    if (report.length === 0) return [];
    const lines = ['', 'Roles:'];
    for (const r of report) {
      if (r.status === 'missing') lines.push(`  ${r.name}: missing in Domo (${plural(r.missingGrants.length, 'grant')} desired)`);
      else {
        lines.push(`  ${r.name}:`);
        for (const [what, detail] of details(r)) lines.push(`    ${what}: ${detail}`);
      }
    }
    return lines;
  },
  markdown(report) {
    if (report.length === 0) return [];
    const rows = report.flatMap((r) =>
      r.status === 'missing'
        ? [`| ${code(r.name, true)} | missing in Domo | ${plural(r.missingGrants.length, 'grant')} desired |`]
        : details(r).map(([what, detail]) => `| ${code(r.name, true)} | ${escapeText(what)} | ${code(detail, true)} |`),
    );
    return [tableSection('### Roles', ['Role', 'Difference', 'Grants'], rows, 'difference')];
  },
  repairRows(report, only) {
    return report
      .filter((r) => only(r.construct))
      .map((r) => {
        if (r.status === 'missing')
          return `| role ${code(r.name, true)} | missing in Domo → created with ${plural(r.missingGrants.length, 'grant')} | deleted or never created in Domo |`;
        const parts = [
          ...(r.extraGrants.length > 0 ? [`removed: ${r.extraGrants.map((g) => code(g, true)).join(', ')}`] : []),
          ...(r.missingGrants.length > 0 ? [`granted again: ${r.missingGrants.map((g) => code(g, true)).join(', ')}`] : []),
        ];
        return `| role ${code(r.name, true)} | ${parts.join('<br>')} | grants changed in Domo outside the code |`;
      });
  },
};
