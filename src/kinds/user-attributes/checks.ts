import { missingUser, type PlanCheck } from '../../plan/checks';
import { userAttributesManifest } from './manifest';

/** Every user of the construct's rows must be in Domo, or created by the stack: their attributes are written to them. */
export const userAttributesChecks: PlanCheck = async ({ output, entry, construct, domo }) => {
  const users = output.instances(entry, userAttributesManifest).flatMap(([, shard]) => shard.users.map((u) => u.userName));
  return (await domo.missingUsers(users)).map((u) => missingUser(construct, u, 'gets attributes written', domo.creates));
};
