import { fieldsOfUserKeys } from '../../model/triggers';
import { shardedUsers } from '../../cli/drift/shards';
import { analyzeUsers } from '../../cli/plan-summary/users';
import type { KindDefinition } from '../kind';
import { userAttributesManifest } from './manifest';
import { createUserAttributes, destroyUserAttributes } from './work';

export const userAttributesKind: KindDefinition = {
  name: userAttributesManifest.name,
  constructClass: 'DomoUserAttributes',
  manifest: userAttributesManifest,
  instanceNoun: 'shard',
  create: createUserAttributes,
  destroy: destroyUserAttributes,
  writes: (output, entry) => ({ keys: output.constructFile(entry, userAttributesManifest).managedKeys, roles: [] }),
  needs: (_output, entry) => ({ scim: entry.scim }),
  addDesired(output, entry, into) {
    const construct = output.constructFile(entry, userAttributesManifest);
    into.userAttributes.push({
      constructPath: construct.constructPath,
      managedKeys: construct.managedKeys,
      ...shardedUsers(output.instances(entry, userAttributesManifest).map(([, s]) => s)),
      removalPolicy: construct.removalPolicy,
    });
  },
  recognize: (keys) => fieldsOfUserKeys(keys) !== undefined,
  planSection: (c) => analyzeUsers('user-attributes', c.instances, c.info),
};
