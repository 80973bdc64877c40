import { z } from 'zod';
import { DesiredPdpPolicy, policyTriggers, splitTriggerKey } from './model';
import { ConfigError } from '../../errors';
import { ConstructBase, RetainOrDelete, type KindManifest } from '../../model/kind';

export const PdpConstructFile = z.object({
  ...ConstructBase,
  kind: z.literal('pdp-policies'),
  /** `retain` leaves a policy that leaves the code in Domo; `delete` deletes it. */
  removalPolicy: RetainOrDelete,
  /** Every desired policy of the construct as `<dataset id>\n<policy name, lower-cased>`. */
  desiredPolicies: z.array(z.string()),
});
export type PdpConstructFile = z.infer<typeof PdpConstructFile>;

/** One dataset: its policies, normalized (see normalizePolicy). */
export const PdpInstanceFile = z.object({ dataset: z.string(), policies: z.array(DesiredPdpPolicy) });
export type PdpInstanceFile = z.infer<typeof PdpInstanceFile>;

export const pdpPoliciesManifest: KindManifest<PdpConstructFile, PdpInstanceFile> = {
  name: 'pdp-policies',
  constructFile: PdpConstructFile,
  instanceFile: PdpInstanceFile,
  triggers: (_construct, instance) => policyTriggers(instance.policies),
  // The old instance's policy names: its `<policy>/rows` keys (few, short), never members or values.
  destroyArgument: (triggers) => `\${jsonencode([for k, v in ${triggers} : k if endswith(k, "/rows")])}`,
};

/** The policy names the destroy step receives (see destroyArgument): `<policy>/rows` keys, parsed. */
export function policyNamesOfDestroyArgument(arg: string): string[] {
  let keys: unknown;
  try {
    keys = JSON.parse(arg);
  } catch {
    keys = undefined;
  }
  if (!Array.isArray(keys) || !keys.every((k) => typeof k === 'string'))
    throw new ConfigError('The destroy handler of PDP policies expects a JSON list of the old instance\'s "<policy>/rows" keys.');
  // A group or user whose name ends in "/rows" matches endswith() too: only two-part keys are policies.
  return keys.flatMap((k) => {
    const parts = splitTriggerKey(k);
    return parts?.length === 2 && parts[1] === 'rows' ? [parts[0]!] : [];
  });
}
