import { isPolicyTriggerMap } from './model';
import { analyzePolicies } from '../../cli/plan-summary/policies';
import { collectPolicies } from '../../cli/plan-summary/access-input';
import type { KindDefinition } from '../kind';
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
  needs: (_output, entry) => ({ scim: entry.scim }),
  addDesired(output, entry, into) {
    const datasets = new Map(output.instances(entry, pdpPoliciesManifest).map(([, f]) => [f.dataset, f.policies] as const));
    into.policies.push({ constructPath: entry.path, datasets });
  },
  recognize: isPolicyTriggerMap,
  planSection: (c) => analyzePolicies(c.changed, c.info),
  collectAccess: collectPolicies,
};
