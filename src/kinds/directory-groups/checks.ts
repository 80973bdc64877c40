import { missingUser, type PlanCheck } from '../../plan/checks';
import { directoryGroupsManifest } from './manifest';

/** Every member must be in Domo, or created by the stack: members are written as Domo user ids. */
export const directoryGroupsChecks: PlanCheck = async ({ output, entry, construct, domo }) => {
  const problems = [];
  for (const [, { group }] of output.instances(entry, directoryGroupsManifest)) {
    for (const u of await domo.missingUsers(group.members))
      problems.push(missingUser(construct, u, `is a member of group ${JSON.stringify(group.displayName)}`, domo.creates));
  }
  return problems;
};
