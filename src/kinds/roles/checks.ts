import type { PlanCheck, PlanProblem } from '../../plan/checks';
import { grantProblems } from './check';
import { rolesManifest } from './manifest';

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
