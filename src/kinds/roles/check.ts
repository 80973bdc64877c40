import type { CheckInput, PlanCheck, PlanProblem } from '../../plan/checks';
import { rolesManifest } from './manifest';
import type { Authority } from '../../domo/api/schemas';
import { roleKey, type DesiredRole } from './model';
import { findRole } from './planner';

/**
 * What is wrong with a role's grants given the instance's list of grants: one message per grant
 * id Domo does not know, with the id of another case when there is one. Checked before any write.
 */
export function grantProblems(role: DesiredRole, catalogue: ReadonlyArray<Pick<Authority, 'authority'>>): string[] {
  const known = new Set(catalogue.map((a) => a.authority));
  return role.grants
    .filter((g) => !known.has(g))
    .map((g) => {
      const near = catalogue.find((a) => a.authority.toLowerCase() === g.toLowerCase());
      const hint = near
        ? ` (grant ids are case-sensitive: ${JSON.stringify(near.authority)})`
        : " (Admin > Governance > Roles lists the instance's grants)";
      return `grant ${JSON.stringify(g)} is not a grant of this Domo instance${hint}`;
    });
}

/** `3 users hold`: how many users still hold a role that is to be deleted. */
export function holdersOf(users: number): string {
  return users === 1 ? '1 user holds' : `${users} users hold`;
}

/** Where the users of a role that is to be deleted go first: Domo deletes no role users hold. */
export const MOVE_HOLDERS = "give them another role with their DomoUsers `role` first, then deploy again (removal policy 'delete')";

/** Every grant a role holds must be a grant of the instance: the deploy sets the grants whole, and Domo refuses an unknown one. */
async function unknownGrants({ output, entry, construct, domo }: CheckInput): Promise<PlanProblem[]> {
  const instances = output.instances(entry, rolesManifest);
  if (instances.length === 0) return [];
  const catalogue = await domo.grants();
  const problems: PlanProblem[] = [];
  for (const [, { role }] of instances) {
    for (const missing of grantProblems(role, catalogue))
      problems.push({
        construct,
        subject: `role ${role.name}`,
        missing,
        fix: "use a grant id of this instance's list, or remove it from the role",
      });
  }
  return problems;
}

/**
 * A role the change removes from a construct whose removal policy deletes it must hold no users in
 * Domo: its destroy step would refuse it (Domo cannot leave users without a role), after the rest
 * of the deploy had run. The state says which roles the construct deployed.
 */
async function heldRemovals({ output, entry, construct, domo, deployed }: CheckInput): Promise<PlanProblem[]> {
  const file = output.constructFile(entry, rolesManifest);
  if (file.removalPolicy !== 'delete') return [];
  const desired = new Set(file.desiredRoles);
  const removed = [...(await deployed()).values()]
    .map((t) => t.get('name'))
    .filter((n): n is string => n !== undefined && !desired.has(roleKey(n)));
  if (removed.length === 0) return [];
  const live = await domo.roles();
  const problems: PlanProblem[] = [];
  for (const name of removed) {
    const users = findRole(live, name)?.userCount ?? 0;
    if (users > 0)
      problems.push({
        construct,
        subject: `role ${name}`,
        missing: `leaves the code with removal policy 'delete', but ${holdersOf(users)} it in Domo`,
        fix: MOVE_HOLDERS,
      });
  }
  return problems;
}

/** The roles kind's plan-time checks: grants Domo knows, and no role deleted while users hold it. */
export const rolesChecks: PlanCheck = async (input) => [...(await unknownGrants(input)), ...(await heldRemovals(input))];
