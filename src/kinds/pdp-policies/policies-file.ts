import { z } from 'zod';
import { readJsonFile } from '../../sources/json-file';
import type { PdpPolicySpec } from './derivation';

const PolicyFile = z.record(
  z.string(),
  z.array(
    z.strictObject({
      name: z.string(),
      filters: z
        .array(
          z.strictObject({ column: z.string(), values: z.array(z.string()), operator: z.string().optional(), not: z.boolean().optional() }),
        )
        .optional(),
      allRows: z.boolean().optional(),
      users: z.array(z.string()).optional(),
      groups: z.array(z.string()).optional(),
    }),
  ),
);

/**
 * Reads PDP policies from a JSON file in the shape DomoPdpPolicies' `datasets` prop takes (what
 * `domo-identity export --policies-out` writes): `{ "<dataset id>": [{ name, filters, users,
 * groups }] }`. A file that is not that shape is an InputError naming the file and each field;
 * the construct checks the policies themselves (operators, names, members).
 */
export function readPdpPoliciesFile(file: string): Record<string, PdpPolicySpec[]> {
  const parsed = readJsonFile(file, PolicyFile, {
    noun: 'PDP policies',
    shape: 'by dataset id: { "<dataset id>": [{ "name", "filters", "users", "groups" }] }',
  });
  return parsed as Record<string, PdpPolicySpec[]>;
}
