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

/**
 * `<dir>/construct.json` of a DomoUsers construct: settings plus every desired user, lower-cased.
 * The optional lists were added later (files from older synths lack them, and older readers
 * ignore them); `domo-identity doctor` reads them to check what a deploy will need.
 */
export const UsersConstructFile = z.object({
  ...Settings,
  kind: z.literal('users'),
  desiredUsers: z.array(z.string()),
  /** Every custom attribute key the construct writes for some user, sorted. */
  customAttributeKeys: z.array(z.string()).optional(),
  /** Every role id the construct gives some user (system roles 1-5, custom roles), sorted. */
  roleIds: z.array(z.string()).optional(),
});
export type UsersConstructFile = z.infer<typeof UsersConstructFile>;

/** `<dir>/shard-<hash>.json` of a DomoUsers construct. */
export const UsersShardFile = z.object({
  ...Settings,
  kind: z.literal('users-shard'),
  shard: z.string(),
  users: z.array(NormalizedUser),
  /**
   * The desired records of the managers of this shard's users who belong to other shards, so the
   * handler can create one that is new in the same deploy (see reconcileUsers). Absent in files
   * from older synths.
   */
  externalManagers: z.array(NormalizedUser).optional(),
});
export type UsersShardFile = z.infer<typeof UsersShardFile>;
