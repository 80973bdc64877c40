import type { PdpPolicy } from '../../domo/api/pdp';
import type { DriftFacet } from '../../drift/facet';
import { policiesOfTriggers, policyKey, policyTriggers, type DesiredPdpPolicy } from './model';
import { terraformJsonEncode } from '../../model/terraform-json';
import { tableSection } from '../../report/layout';
import { code, escapeText } from '../../report/markdown';
import { policyDifferences, type DesiredPolicySet, type LivePolicies, type PolicyDrift } from './drift-compare';

export type { DesiredPolicySet, PolicyDrift };

/**
 * PDP policies: each desired policy missing in Domo (or its dataset missing), or whose rows, name
 * or members differ (policies are authoritative), through the deploy's own planner (planPolicy).
 * Reads each desired dataset's policies (one request each, after the token exchange), every group's
 * name and id (one listing without members), and every user's userName and id (the listing other
 * facets made, else one of those two fields only).
 */
export const policiesFacet: DriftFacet<DesiredPolicySet, LivePolicies, readonly PolicyDrift[]> = {
  id: 'policies',
  async read(sets, reads) {
    const pdp = reads.pdp(`drift checks the PDP policies of ${sets.map((s) => s.constructPath).join(', ')}`);
    const datasets = new Map<string, PdpPolicy[] | undefined>();
    for (const id of new Set(sets.flatMap((s) => [...s.datasets.keys()]))) {
      datasets.set(id, (await pdp.dataset(id)) ? await pdp.listPolicies(id) : undefined);
    }
    return { datasets, groups: await reads.groups(), users: await reads.userNames() };
  },
  compare: (sets, live) => policyDifferences(sets, live),
  inSync: (r) => r.length === 0,
  outsideTheCode(report, deployed, sets) {
    return report.filter((p) => {
      const state = deployed.instance(p.construct, p.dataset);
      if (!state) return false;
      // A policy's drift is Domo's own when the state deployed exactly what the code wants now: had the
      // code changed the policy, its dataset's instance would be replaced by the plan anyway.
      const was = policiesOfTriggers(state).get(policyKey(p.name));
      const wanted = sets
        .find((d) => d.constructPath === p.construct)
        ?.datasets.get(p.dataset)
        ?.find((d) => policyKey(d.name) === policyKey(p.name));
      // Compared as Terraform would compare the triggers: one canonical encoding of each.
      const encoded = (policy: DesiredPdpPolicy) => terraformJsonEncode(policyTriggers([policy]));
      return was !== undefined && wanted !== undefined && encoded(was) === encoded(wanted);
    });
  },
  // A dataset's instance reconciles all its policies (one listing, writes only what differs).
  repairTargets: (report) => report.map((p) => ({ constructPath: p.construct, instanceKey: p.dataset })),
  json: (r) => ({ policies: r }),
  summary: (r) => ({ differ: [{ count: r.length, one: 'policy', many: 'policies' }] }),
  text(report) {
    if (report.length === 0) return [];
    const lines = ['', 'Policies:'];
    for (const p of report) {
      const where = `${p.dataset} ${JSON.stringify(p.name)} (${p.construct})`;
      if (p.status === 'missing') lines.push(`  ${where}: missing in Domo${p.note ? ` (${p.note})` : ''}`);
      else {
        lines.push(`  ${where}:`);
        for (const [what, detail] of policyDetails(p)) lines.push(`    ${what}: ${detail}`);
      }
    }
    return lines;
  },
  markdown(report) {
    if (report.length === 0) return [];
    const where = (p: PolicyDrift) => `| ${code(p.dataset, true)} | ${code(p.name, true)} |`;
    const rows = report.flatMap((p) =>
      p.status === 'missing'
        ? [`${where(p)} missing in Domo | ${p.note !== undefined ? escapeText(p.note) : ''} |`]
        : policyDetails(p).map(([what, detail]) => `${where(p)} ${escapeText(what)} | ${code(detail, true)} |`),
    );
    return [tableSection('### PDP policies', ['Dataset', 'Policy', 'Difference', 'Detail'], rows, 'difference')];
  },
  // A dataset's repair is the PDP policies' own summary line in the deploy log; the table has no row for it yet.
  repairRows: () => [],
};

export function policyDetails(p: PolicyDrift): [string, string][] {
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
