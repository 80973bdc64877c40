import { z } from 'zod';
import { ConstructBase, RetainOrDelete, type KindManifest } from '../../model/kind';
import { DesiredRole, roleTriggers } from './model';

export const RolesConstructFile = z.object({
  ...ConstructBase,
  kind: z.literal('roles'),
  /** `retain` leaves a role that leaves the code in Domo; `delete` deletes it (refused while users hold it). */
  removalPolicy: RetainOrDelete,
  /** Every desired role's name, lower-cased. */
  desiredRoles: z.array(z.string()),
});
export type RolesConstructFile = z.infer<typeof RolesConstructFile>;

export const RoleInstanceFile = z.object({ role: DesiredRole });
export type RoleInstanceFile = z.infer<typeof RoleInstanceFile>;

export const rolesManifest: KindManifest<RolesConstructFile, RoleInstanceFile> = {
  name: 'roles',
  constructFile: RolesConstructFile,
  instanceFile: RoleInstanceFile,
  triggers: (_construct, instance) => roleTriggers(instance.role),
  // The role's name is all a removal needs.
  destroyArgument: (triggers) => `\${${triggers}["name"]}`,
};
