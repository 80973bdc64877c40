import { pdpPoliciesManifest } from '../../kinds/pdp-policies/manifest';
import { analyzePolicies } from '../plan-summary/policies';
import { collectPolicies } from '../plan-summary/access-input';
import type { CliKind } from './adapter';

export const pdpPoliciesCli: CliKind = {
  constructClass: 'DomoPdpPolicies',
  needs: (_output, entry) => ({ scim: entry.scim }),
  addDesired(output, entry, into) {
    const datasets = new Map(output.instances(entry, pdpPoliciesManifest).map(([, f]) => [f.dataset, f.policies] as const));
    into.policies.push({ constructPath: entry.path, datasets });
  },
  planSection: (c) => analyzePolicies(c.changed, c.info),
  collectAccess: collectPolicies,
};
