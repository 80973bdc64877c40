import { roleKey, type DesiredRole } from './model';
import { findRole, planRole, type LiveRole } from './planner';

/** One DomoRoles construct as drift compares it. */
export interface DesiredRoleSet {
  readonly constructPath: string;
  readonly roles: readonly DesiredRole[];
}

/** The desired roles Domo has, each with the grants it holds. */
export type RolesLive = readonly LiveRole[];

export interface RoleDrift {
  readonly name: string;
  readonly construct: string;
  readonly status: 'missing' | 'changed';
  /** Desired grants the role lacks (every desired grant when it is missing). */
  readonly missingGrants: readonly string[];
  /** Grants it holds that the code does not list: added by hand. */
  readonly extraGrants: readonly string[];
}

/** The desired roles that are missing or hold other grants, through the deploy's own planner; by name ignoring case. */
export function roleDifferences(sets: readonly DesiredRoleSet[], live: RolesLive): RoleDrift[] {
  const drifts: RoleDrift[] = [];
  for (const set of sets) {
    for (const role of set.roles) {
      const found = findRole(
        live.map((l) => l.role),
        role.name,
      );
      const plan = planRole(found && live.find((l) => l.role.id === found.id), role);
      if (plan.action === 'none') continue;
      drifts.push({
        name: role.name,
        construct: set.constructPath,
        status: plan.action === 'create' ? 'missing' : 'changed',
        missingGrants: plan.add,
        extraGrants: plan.remove,
      });
    }
  }
  return drifts.sort((a, b) => (roleKey(a.name) < roleKey(b.name) ? -1 : roleKey(a.name) > roleKey(b.name) ? 1 : 0));
}
