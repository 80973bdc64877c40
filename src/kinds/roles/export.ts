import * as path from 'node:path';
import { SYSTEM_ROLE_IDS } from '../../model/roles';
import { mapLimit } from '../../engine/pool';
import { writeJsonFile, type ExportHooks } from '../export';
import { roleKey } from './model';
import type { RoleSpec } from './validate';

const SYSTEM_IDS: ReadonlySet<number> = new Set(Object.values(SYSTEM_ROLE_IDS));
const byName = (a: RoleSpec, b: RoleSpec) => (roleKey(a.name) < roleKey(b.name) ? -1 : roleKey(a.name) > roleKey(b.name) ? 1 : 0);

/**
 * `--roles-out FILE`: every custom role with its description and grants, as JSON in the shape
 * DomoRoles' roles prop takes (`{ "roles": [...] }`, read with readRolesFile). The system roles
 * are Domo's and left out. One listing of the roles, and one read of each custom role's grants.
 */
export const rolesExport: ExportHooks<{ readonly out: string }> = {
  flags: [['--roles-out <file>', "write the custom roles and their grants as JSON, in the shape DomoRoles' roles prop takes"]],
  what: '--roles-out FILE (custom roles and grants)',
  readBack: 'Read the roles with new DomoRoles(stack, id, { roles: readRolesFile(file), scim }).',
  options(raw) {
    const out = raw['rolesOut'];
    if (out === undefined) return { asked: false };
    return typeof out === 'string' && out !== '' ? { asked: true, options: { out } } : { problems: ['--roles-out needs a file name'] };
  },
  async read(options, { reads, cwd }) {
    const custom = (await reads.roles()).filter((r) => !SYSTEM_IDS.has(r.id));
    const roles = await mapLimit(custom, 4, async (r) => ({
      name: r.name,
      description: r.description ?? '',
      grants: [...(await reads.api().roles.authorities(r.id))].sort(),
    }));
    roles.sort(byName);
    const file = path.resolve(cwd, options.out);
    return {
      warnings: [],
      async write() {
        writeJsonFile(file, { roles });
        return [`Wrote ${roles.length} custom role(s) with their grants to ${file}`];
      },
    };
  },
};
