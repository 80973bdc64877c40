import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, InputError } from '../../errors';
import type { RoleSpec } from './validate';

const RolesFile = z.strictObject({
  roles: z.array(
    z.strictObject({
      name: z.string(),
      description: z.string().optional(),
      grants: z.array(z.string()),
      fromRoleId: z.union([z.string(), z.number()]).optional(),
    }),
  ),
});

/**
 * Reads custom roles from a JSON file in the shape DomoRoles' `roles` prop takes (what
 * `domo-identity export --roles-out` writes): `{ "roles": [{ name, description, grants }] }`. A
 * file that is not that shape is an InputError naming the file and each field; the construct
 * checks the roles themselves (names, grant ids).
 */
export function readRolesFile(file: string): RoleSpec[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the roles file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError({ file }, `not JSON: ${(e as Error).message}`);
  }
  const parsed = RolesFile.safeParse(json);
  if (!parsed.success)
    throw new InputError(
      { file },
      `not a file of custom roles ({ "roles": [{ "name", "description", "grants" }] }):\n${z.prettifyError(parsed.error)}`,
    );
  return parsed.data.roles as RoleSpec[];
}
