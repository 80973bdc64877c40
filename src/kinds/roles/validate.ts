import { SYSTEM_ROLE_IDS, type SystemRoleName } from '../../model/roles';
import { problem, invalidRoles } from './errors';
import { roleKey, systemRoleNamed, type DesiredRole } from './model';

/** One custom role as people write it in a stack, or as `domo-identity export --roles-out` writes it. */
export interface RoleSpec {
  /** The role's name in Domo, matched ignoring case. */
  readonly name: string;
  /** Set when the role is created. @default - empty */
  readonly description?: string;
  /** Every grant id the role holds (`dataset.export`); grants not listed are removed from it. */
  readonly grants: readonly string[];
  /**
   * The role a missing role is created from, by system role name or role id (Domo copies its
   * grants; the deploy then sets them to `grants`). @default 'Participant'
   */
  readonly fromRoleId?: SystemRoleName | number;
}

/** A missing role is created from Participant unless the spec says otherwise: the role most users hold. */
export const DEFAULT_FROM_ROLE: SystemRoleName = 'Participant';

/**
 * Checks and normalizes the roles, throwing one ConfigError that lists every problem, each naming
 * the construct and the role: an empty name, a system role, a name given twice ignoring case, a
 * grant id that is not text without spaces or is listed twice, a bad fromRoleId.
 */
export function validateRoles(construct: string, specs: readonly RoleSpec[]): DesiredRole[] {
  const problems: string[] = [];
  const names = new Map<string, string>();
  const roles: DesiredRole[] = [];
  specs.forEach((spec, index) => {
    const name = typeof spec.name === 'string' ? spec.name.trim() : '';
    if (name === '') return void problems.push(problem.emptyName(construct, index));
    const system = systemRoleNamed(name);
    if (system !== undefined) problems.push(problem.systemRole(construct, name, system));
    const first = names.get(roleKey(name));
    if (first !== undefined) problems.push(problem.duplicate(construct, first, name));
    else names.set(roleKey(name), name);
    if (spec.description !== undefined && typeof spec.description !== 'string') problems.push(problem.badDescription(construct, name));
    const grants = new Set<string>();
    for (const grant of Array.isArray(spec.grants) ? spec.grants : [spec.grants]) {
      if (typeof grant !== 'string' || !/^\S+$/.test(grant)) problems.push(problem.badGrant(construct, name, grant));
      else if (grants.has(grant)) problems.push(problem.duplicateGrant(construct, name, grant));
      else grants.add(grant);
    }
    const fromRoleId = fromRoleIdOf(spec.fromRoleId ?? DEFAULT_FROM_ROLE);
    if (fromRoleId === undefined) problems.push(problem.badFromRole(construct, name, spec.fromRoleId));
    roles.push({
      name,
      ...(typeof spec.description === 'string' ? { description: spec.description } : {}),
      grants: [...grants].sort(),
      fromRoleId: fromRoleId ?? SYSTEM_ROLE_IDS[DEFAULT_FROM_ROLE],
    });
  });
  if (problems.length > 0) throw invalidRoles(construct, problems);
  return roles;
}

function fromRoleIdOf(from: unknown): number | undefined {
  if (typeof from === 'number') return Number.isSafeInteger(from) && from > 0 ? from : undefined;
  if (typeof from !== 'string') return undefined;
  const system = systemRoleNamed(from);
  return system === undefined ? undefined : SYSTEM_ROLE_IDS[system as SystemRoleName];
}
