import { missingGroup, missingUser, type PlanCheck, type PlanProblem } from '../../plan/checks';
import { pdpPoliciesManifest } from './manifest';

/**
 * What the deploy's own check (check.ts) refuses, found at plan time: a dataset Domo lacks or
 * without PDP, and members that are neither in Domo nor created by the stack.
 */
export const pdpPoliciesChecks: PlanCheck = async ({ output, entry, construct, domo }) => {
  const problems: PlanProblem[] = [];
  const what = `the PDP policies of ${entry.path}`;
  for (const [, { dataset: id, policies }] of output.instances(entry, pdpPoliciesManifest)) {
    const dataset = await domo.dataset(id, what);
    if (!dataset)
      problems.push({
        construct,
        subject: `dataset ${id}`,
        missing: 'Domo has no dataset with this id',
        fix: "check the id (the last part of the dataset's URL in Domo), or remove the dataset's policies",
      });
    else if (dataset.pdpEnabled === false)
      problems.push({
        construct,
        subject: `dataset ${id}`,
        missing: 'Personalized Data Permissions are not enabled on this dataset',
        fix: 'enable PDP on the dataset in Domo',
      });
    for (const p of policies) {
      const as = `is a member of policy ${JSON.stringify(p.name)} on dataset ${id}`;
      for (const u of await domo.missingUsers(p.users)) problems.push(missingUser(construct, u, as, domo.creates));
      for (const g of await domo.missingGroups(p.groups)) problems.push(missingGroup(construct, g, as, domo.creates));
    }
  }
  return problems;
};
