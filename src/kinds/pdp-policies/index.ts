import type { KindDefinition } from '../kind';
import { pdpPoliciesChecks } from './checks';
import { policiesExport } from './export';
import { pdpPoliciesPlan } from './plan';
import type { DriftAdapter } from '../../drift/facet';
import { policiesFacet, type DesiredPolicySet } from './drift';
import { pdpPoliciesManifest } from './manifest';
import { createPdpPolicies, destroyPdpPolicies } from './work';
import { publicApiFromEnv } from '../../config/public-api-env';

export const pdpPoliciesKind: KindDefinition = {
  name: pdpPoliciesManifest.name,
  constructClass: 'DomoPdpPolicies',
  manifest: pdpPoliciesManifest,
  instanceNoun: 'dataset',
  create: createPdpPolicies,
  destroy: destroyPdpPolicies,
  requirements(env, constructs) {
    try {
      publicApiFromEnv(env, `the PDP policies of ${constructs.map((c) => c.path).join(', ')}`);
      return undefined;
    } catch (e) {
      return (e as Error).message;
    }
  },
  needs: (_output, entry) => ({ scim: entry.scim, publicApi: true }),
  checks: pdpPoliciesChecks,
  drift: {
    facet: policiesFacet,
    desired: (output, entry) => ({
      constructPath: entry.path,
      datasets: new Map(output.instances(entry, pdpPoliciesManifest).map(([, f]) => [f.dataset, f.policies] as const)),
    }),
  } satisfies DriftAdapter<DesiredPolicySet> as DriftAdapter,
  plan: pdpPoliciesPlan,
  export: policiesExport,
};
