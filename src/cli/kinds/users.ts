import { usersManifest } from '../../kinds/users/manifest';
import { shardIndex } from '../drift/shards';
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
    const shards = output.instances(entry, usersManifest).map(([, s]) => s);
    into.users.push({
      constructPath: entry.path,
      users: shards.flatMap((s) => s.users),
      instanceOf: shardIndex(shards),
      removalPolicy: construct.removalPolicy,
    });
  },
  planSection: (c) => analyzeUsers('users', c.instances, c.info),
};
