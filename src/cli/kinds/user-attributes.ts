import { userAttributesManifest } from '../../kinds/user-attributes/manifest';
import { shardIndex } from '../drift/shards';
import { analyzeUsers } from '../plan-summary/users';
import type { CliKind } from './adapter';

export const userAttributesCli: CliKind = {
  constructClass: 'DomoUserAttributes',
  writes: (output, entry) => ({ keys: output.constructFile(entry, userAttributesManifest).managedKeys, roles: [] }),
  needs: (_output, entry) => ({ scim: entry.scim }),
  addDesired(output, entry, into) {
    const construct = output.constructFile(entry, userAttributesManifest);
    const shards = output.instances(entry, userAttributesManifest).map(([, s]) => s);
    into.userAttributes.push({
      constructPath: construct.constructPath,
      managedKeys: construct.managedKeys,
      users: shards.flatMap((s) => s.users),
      instanceOf: shardIndex(shards),
      removalPolicy: construct.removalPolicy,
    });
  },
  planSection: (c) => analyzeUsers('user-attributes', c.instances, c.info),
};
