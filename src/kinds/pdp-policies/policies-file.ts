import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, InputError } from '../../errors';
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
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the PDP policies file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError({ file }, `not JSON: ${(e as Error).message}`);
  }
  const parsed = PolicyFile.safeParse(json);
  if (!parsed.success)
    throw new InputError(
      { file },
      `not a file of PDP policies by dataset id ({ "<dataset id>": [{ "name", "filters", "users", "groups" }] }):\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data as Record<string, PdpPolicySpec[]>;
}
