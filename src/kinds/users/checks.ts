import { missingUser, type PlanCheck } from '../../plan/checks';
import { usersManifest } from './manifest';

/** Managers must be in Domo, or created by the stack: a manager is written as the Domo user id of that user. */
export const usersChecks: PlanCheck = async ({ output, entry, construct, domo }) => {
  const managers = output.instances(entry, usersManifest).flatMap(([, shard]) => shard.users.flatMap((u) => u.fields['manager'] ?? []));
  return (await domo.missingUsers(managers)).map((u) => missingUser(construct, u, 'is named as a manager', domo.creates));
};
