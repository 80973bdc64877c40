import { z } from 'zod';
import { readJsonFile } from '../../sources/json-file';
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
  const parsed = readJsonFile(file, RolesFile, { noun: 'custom roles', shape: '{ "roles": [{ "name", "description", "grants" }] }' });
  return parsed.roles as RoleSpec[];
}
