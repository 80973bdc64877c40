import { z } from 'zod';
import { renderValues, userDigestsOfTriggers } from '../../model/triggers';
import { NormalizedUser, userTriggers } from './model';
import { ConstructBase, RetainOrDelete, type KindManifest } from '../../model/kind';

export const UsersConstructFile = z.object({
  ...ConstructBase,
  kind: z.literal('users'),
  /** `retain` leaves a user who leaves the data in Domo; `delete` deletes them. */
  removalPolicy: RetainOrDelete,
  /** Every desired user, lower-cased. */
  desiredUsers: z.array(z.string()),
  /** Every custom attribute key the construct writes for some user, sorted (doctor checks them). */
  customAttributeKeys: z.array(z.string()),
  /** Every role id the construct gives some user, in numeric order (doctor checks them). */
  roleIds: z.array(z.string()),
});
export type UsersConstructFile = z.infer<typeof UsersConstructFile>;

export const UsersInstanceFile = z.object({ shard: z.string(), users: z.array(NormalizedUser) });
export type UsersInstanceFile = z.infer<typeof UsersInstanceFile>;

export const usersManifest: KindManifest<UsersConstructFile, UsersInstanceFile> = {
  name: 'users',
  constructFile: UsersConstructFile,
  instanceFile: UsersInstanceFile,
  triggers: (_construct, instance) => userTriggers(instance.users, renderValues),
  destroyArgument: userDigestsOfTriggers,
};
