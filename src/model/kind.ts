import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * The contract between a construct kind's files and the layers that read them (synth, the engine):
 * what synth writes for every construct, whatever its kind. The kinds themselves live in
 * src/kinds/<kind>; nothing here names one.
 */

/** The version of the files synth writes; readers refuse others with a clear message. */
export const MANIFEST_VERSION = 2;

export const ScimConnection = z.object({
  url: z.string().url(),
  authScheme: z.enum(['bearer', 'developer-token']),
});
export type ScimConnection = z.infer<typeof ScimConnection>;

/** `retain` leaves Domo as it is; `delete` deletes what leaves the code (users, groups, definitions, policies). */
export const RetainOrDelete = z.enum(['retain', 'delete']);
export type RetainOrDelete = z.infer<typeof RetainOrDelete>;

/** What every construct file holds, whatever its kind. */
export const ConstructBase = {
  version: z.literal(MANIFEST_VERSION),
  constructPath: z.string(),
  scim: ScimConnection,
  /** Most users one change may take from (the mass-removal guard); absent: the default. */
  maxUsersRemoved: z.number().int().min(0).optional(),
};

/** A construct file: its kind's name first. */
export interface KindFile {
  readonly kind: string;
}

/** Instance keys can be any text (a franchise, a group name): instance files are named by a digest of the key. */
export function instanceFileName(key: string): string {
  return `i-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`;
}

/**
 * What synth knows of one kind without touching Domo: its file schemas and how an instance's
 * trigger map (the review diff) is made from its data.
 */
export interface KindManifest<C extends KindFile, I> {
  readonly name: C['kind'];
  /** `<manifest dir>/construct.json`: settings and every desired identity of the construct. */
  readonly constructFile: z.ZodType<C>;
  /** One file per Terraform instance: its desired state. */
  readonly instanceFile: z.ZodType<I>;
  /** The instance's trigger map, unescaped; Terraform's digest of it proves the file is what the plan showed. */
  triggers(construct: C, instance: I): Record<string, string>;
  /** The Terraform expression handed to the destroy handler, built from the old instance's trigger map. */
  destroyArgument(triggers: string): string;
}

/** A manifest of any kind, where the caller handles every kind's files alike. */
export type AnyKindManifest = KindManifest<KindFile & Record<string, unknown>, unknown>;

/** The kind synth wrote as `name`; a name no kind has means the synth output comes from another version. */
export function kindNamed<K extends { readonly name: string }>(kinds: readonly K[], name: string): K {
  const kind = kinds.find((k) => k.name === name);
  if (!kind)
    throw new ConfigError(
      `unknown construct kind ${JSON.stringify(name)}: the synth output and this version of cdktf-domo-identity differ; synthesize again`,
    );
  return kind;
}
