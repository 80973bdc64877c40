import { usersManifest } from '../../kinds/users/manifest';
import { shardedUsers } from '../drift/shards';
import { analyzeUsers } from '../plan-summary/users';
import type { CliKind } from './adapter';

export const usersCli: CliKind = {
  constructClass: 'DomoUsers',
  writes(output, entry) {
    const file = output.constructFile(entry, usersManifest);
    return { keys: file.customAttributeKeys, roles: file.roleIds };
  },
  needs: (_output, entry) => ({ scim: entry.scim }),
  addDesired(output, entry, into) {
    const construct = output.constructFile(entry, usersManifest);
    into.users.push({
      constructPath: entry.path,
      ...shardedUsers(output.instances(entry, usersManifest).map(([, s]) => s)),
      removalPolicy: construct.removalPolicy,
    });
  },
  planSection: (c) => analyzeUsers('users', c.instances, c.info),
};
