import type { PlanCheck, PlanProblem } from '../../plan/checks';
import { rolesManifest } from './manifest';
import type { Authority } from '../../domo/api/schemas';
import type { DesiredRole } from './model';

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

/** Every grant a role holds must be a grant of the instance: the deploy sets the grants whole, and Domo refuses an unknown one. */
export const rolesChecks: PlanCheck = async ({ output, entry, construct, domo }) => {
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
};
