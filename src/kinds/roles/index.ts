import type { DriftAdapter } from '../../drift/facet';
import type { KindDefinition } from '../kind';
import { rolesFacet, type DesiredRoleSet } from './drift';
import { rolesChecks } from './check';
import { rolesExport } from './export';
import { rolesManifest } from './manifest';
import { rolesPlan } from './plan';
import { createRole, destroyRole } from './work';

export const rolesKind: KindDefinition = {
  name: rolesManifest.name,
  constructClass: 'DomoRoles',
  manifest: rolesManifest,
  instanceNoun: 'role',
  create: createRole,
  destroy: destroyRole,
  needs: (output, entry) => ({
    scim: entry.scim,
    roles: true,
    definesRoles: output.instances(entry, rolesManifest).map(([, f]) => f.role.name),
  }),
  drift: {
    facet: rolesFacet,
    desired: (output, entry) => ({ constructPath: entry.path, roles: output.instances(entry, rolesManifest).map(([, f]) => f.role) }),
  } satisfies DriftAdapter<DesiredRoleSet> as DriftAdapter,
  checks: rolesChecks,
  plan: rolesPlan,
  export: rolesExport,
};
