import { createHash } from 'node:crypto';
import { z } from 'zod';
import { AttributeValues, userKey } from './user-attributes';

/**
 * The desired state a construct hands to its lifecycle handlers, written at synth next to
 * cdk.tf.json. Trigger maps carry the diff; these files carry the data, verified by digest.
 * One small file per shard keeps a handler's start-up independent of the construct's size;
 * the construct file carries settings and the set of desired users for removals.
 */
export { MANIFEST_DIR } from './layout';
export const MANIFEST_VERSION = 1;

export const ScimConnection = z.object({
  url: z.string().url(),
  authScheme: z.enum(['bearer', 'developer-token']),
});
export type ScimConnection = z.infer<typeof ScimConnection>;

export const RemovalPolicy = z.enum(['clear', 'retain']);
export type RemovalPolicy = z.infer<typeof RemovalPolicy>;

const DesiredUser = z.object({ userName: z.string(), attributes: z.record(z.string(), AttributeValues) });

const Settings = {
  version: z.literal(MANIFEST_VERSION),
  constructPath: z.string(),
  scim: ScimConnection,
  managedKeys: z.array(z.string()).min(1),
  removalPolicy: RemovalPolicy,
};

/** Everything a DomoUserAttributes construct decided at synth (kept in memory, written split). */
export const UserAttributesManifest = z.object({
  ...Settings,
  kind: z.literal('user-attributes'),
  /** Shard key -> the shard's users, each with every managed key. */
  shards: z.record(z.string(), z.array(DesiredUser)),
});
export type UserAttributesManifest = z.infer<typeof UserAttributesManifest>;

/** `<dir>/construct.json`: settings plus every desired user, lower-cased. */
export const UserAttributesConstructFile = z.object({
  ...Settings,
  kind: z.literal('user-attributes'),
  desiredUsers: z.array(z.string()),
});
export type UserAttributesConstructFile = z.infer<typeof UserAttributesConstructFile>;

/** `<dir>/shard-<hash>.json`: one shard's users. */
export const UserAttributesShardFile = z.object({
  ...Settings,
  kind: z.literal('user-attributes-shard'),
  shard: z.string(),
  users: z.array(DesiredUser),
});
export type UserAttributesShardFile = z.infer<typeof UserAttributesShardFile>;

export const CONSTRUCT_FILE = 'construct.json';

/** Shard keys can be any text (a franchise name): file names use a hash of it. */
export function shardFileName(shard: string): string {
  return `shard-${createHash('sha256').update(shard).digest('hex').slice(0, 16)}.json`;
}

/** The files of a manifest, keyed by their name inside the construct's manifest folder. */
export function manifestFiles(manifest: UserAttributesManifest): Map<string, UserAttributesConstructFile | UserAttributesShardFile> {
  const { shards, kind, ...settings } = manifest;
  const files = new Map<string, UserAttributesConstructFile | UserAttributesShardFile>();
  const desiredUsers = Object.values(shards).flatMap((users) => users.map((u) => userKey(u.userName)));
  files.set(CONSTRUCT_FILE, { ...settings, kind, desiredUsers });
  for (const [shard, users] of Object.entries(shards)) {
    files.set(shardFileName(shard), { ...settings, kind: 'user-attributes-shard', shard, users });
  }
  return files;
}
