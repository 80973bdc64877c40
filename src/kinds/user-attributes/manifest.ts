import { z } from 'zod';
import { DesiredUserAttributes } from './model';
import { renderValues, triggerKey, userDigestsOfTriggers } from '../../model/triggers';
import { ConstructBase, type KindManifest } from '../../model/kind';
import { AttributeValues } from '../../model/attribute-values';

/** What happens to the managed keys of a user who leaves the data: `clear` them, or `retain` them. */
export const RemovalPolicy = z.enum(['clear', 'retain']);
export type RemovalPolicy = z.infer<typeof RemovalPolicy>;

export const UserAttributesConstructFile = z.object({
  ...ConstructBase,
  kind: z.literal('user-attributes'),
  managedKeys: z.array(z.string()).min(1),
  removalPolicy: RemovalPolicy,
  /** Every desired user of the construct, lower-cased: removal applies to the others only. */
  desiredUsers: z.array(z.string()),
});
export type UserAttributesConstructFile = z.infer<typeof UserAttributesConstructFile>;

/** One shard: its users, each with every managed key. */
export const UserAttributesInstanceFile = z.object({
  shard: z.string(),
  users: z.array(DesiredUserAttributes.extend({ attributes: z.record(z.string(), AttributeValues) })),
});
export type UserAttributesInstanceFile = z.infer<typeof UserAttributesInstanceFile>;

export const userAttributesManifest: KindManifest<UserAttributesConstructFile, UserAttributesInstanceFile> = {
  name: 'user-attributes',
  constructFile: UserAttributesConstructFile,
  instanceFile: UserAttributesInstanceFile,
  triggers: (construct, instance) => userAttributeTriggers(instance.users, construct.managedKeys),
  destroyArgument: userDigestsOfTriggers,
};

/** One trigger per user and managed key: `jane@acme.com/storeNumber` = `101`. */
export function userAttributeTriggers(users: readonly DesiredUserAttributes[], managedKeys: readonly string[]): Record<string, string> {
  const triggers: Record<string, string> = {};
  for (const user of users) {
    for (const key of managedKeys) triggers[triggerKey(user.userName, key)] = renderValues(user.attributes[key] ?? []);
  }
  return triggers;
}
