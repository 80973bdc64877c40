import type { KindDefinition } from '../kind';
import { usersChecks } from './checks';
import { usersPlan } from './plan';
import type { DriftAdapter } from '../../drift/facet';
import { usersDrift } from './drift';
import { usersManifest } from './manifest';
import { createUsers, destroyUsers } from './work';
import { userCreator } from './create';
import { userKey } from '../../model/identity';

export const usersKind: KindDefinition = {
  name: usersManifest.name,
  constructClass: 'DomoUsers',
  manifest: usersManifest,
  instanceNoun: 'shard',
  create: createUsers,
  destroy: destroyUsers,
  creates: {
    users: {
      by: 'DomoUsers',
      records: (output, entry) =>
        output
          .instances(entry, usersManifest)
          .flatMap(([, shard]) => shard.users.map((user) => [userKey(user.userName), userCreator(user, entry.path)] as const)),
    },
  },
  writes(output, entry) {
    const file = output.constructFile(entry, usersManifest);
    return { keys: file.customAttributeKeys, roles: file.roleIds };
  },
  needs: (_output, entry) => ({ scim: entry.scim }),
  checks: usersChecks,
  drift: usersDrift as DriftAdapter,
  plan: usersPlan,
};
