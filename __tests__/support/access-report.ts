import { analyzePlan } from '../../src/cli/plan-summary/analyze';
import { accessChanges, type AccessReport } from '../../src/kinds/pdp-policies/access';
import type { AccessFacts, ConstructManifests } from '../../src/plan/section';

/** The PDP kind's access report of a plan, over the memberships every kind of the plan reports. */
export function analyzeAccess(planJson: unknown, manifests: ConstructManifests = {}): AccessReport {
  const plan = analyzePlan(planJson, { manifests });
  const facts: AccessFacts = { groups: new Map(), roles: new Map() };
  for (const [kind, constructs] of plan.constructs) for (const c of constructs) kind.plan.facts?.(c, facts);
  const pdp = [...plan.constructs].find(([kind]) => kind.name === 'pdp-policies');
  return accessChanges(pdp?.[1] ?? [], facts);
}
