import { z } from 'zod';
import { AttributeValues } from './user-attributes';

/**
 * The desired state a construct hands to its lifecycle handlers, written at synth next to
 * cdk.tf.json. Trigger maps carry the diff; this file carries the data, verified by digest.
 */
export const MANIFEST_DIR = 'domo-identity';
export const MANIFEST_VERSION = 1;

export const ScimConnection = z.object({
  url: z.string().url(),
  authScheme: z.enum(['bearer', 'developer-token']),
});
export type ScimConnection = z.infer<typeof ScimConnection>;

export const RemovalPolicy = z.enum(['clear', 'retain']);
export type RemovalPolicy = z.infer<typeof RemovalPolicy>;

export const UserAttributesManifest = z.object({
  version: z.literal(MANIFEST_VERSION),
  kind: z.literal('user-attributes'),
  constructPath: z.string(),
  scim: ScimConnection,
  managedKeys: z.array(z.string()).min(1),
  removalPolicy: RemovalPolicy,
  /** Shard key -> the shard's users, each with every managed key. */
  shards: z.record(
    z.string(),
    z.array(z.object({ userName: z.string(), attributes: z.record(z.string(), AttributeValues) })),
  ),
});
export type UserAttributesManifest = z.infer<typeof UserAttributesManifest>;
