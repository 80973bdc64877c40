import { userAttributesManifest } from '../../kinds/user-attributes/manifest';
import { shardedUsers } from '../drift/shards';
import { analyzeUsers } from '../plan-summary/users';
import type { CliKind } from './adapter';

export const userAttributesCli: CliKind = {
  constructClass: 'DomoUserAttributes',
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
  planSection: (c) => analyzeUsers('user-attributes', c.instances, c.info),
};
