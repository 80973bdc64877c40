import { z } from 'zod';
import { ScimConnection } from './manifest';
import { NormalizedUser } from './users';

/** What happens in Domo to a user who leaves the data: `retain` leaves them, `delete` deletes them. */
export const UserRemovalPolicy = z.enum(['retain', 'delete']);
export type UserRemovalPolicy = z.infer<typeof UserRemovalPolicy>;

const Settings = {
  version: z.literal(1),
  constructPath: z.string(),
  scim: ScimConnection,
  removalPolicy: UserRemovalPolicy,
};

/** `<dir>/construct.json` of a DomoUsers construct: settings plus every desired user, lower-cased. */
export const UsersConstructFile = z.object({ ...Settings, kind: z.literal('users'), desiredUsers: z.array(z.string()) });
export type UsersConstructFile = z.infer<typeof UsersConstructFile>;

/** `<dir>/shard-<hash>.json` of a DomoUsers construct. */
export const UsersShardFile = z.object({ ...Settings, kind: z.literal('users-shard'), shard: z.string(), users: z.array(NormalizedUser) });
export type UsersShardFile = z.infer<typeof UsersShardFile>;
