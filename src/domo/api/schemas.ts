import { z } from 'zod';

/*
 * Response schemas are permissive like the SCIM ones: these APIs are undocumented, so a field
 * Domo adds, leaves out or sends as null must not break a caller. Unknown fields pass through.
 */

/** Optional in the output type; null (which Domo's APIs send freely) reads as absent. */
const absentable = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** Where a custom attribute's value may come from: the IdP at sign-in, users with "Grant: Edit Users", or Managed (API). */
export type ValueSource = 'idp' | 'grant' | 'managed';

export const AttributeDefinitionSchema = z.looseObject({
  /** Exact, case-sensitive. */
  key: z.string().min(1),
  /** One of KEYSPACES as far as is known; any other text is kept, not refused. */
  keyspace: z.string(),
  title: absentable(z.string()),
  description: absentable(z.string()),
  validator: absentable(z.string()),
  /** Visibility of the values, e.g. FULL_VIS_ADMIN_IDP, FULL_VIS, ADMIN_ONLY. */
  securityVoter: absentable(z.string()),
  /**
   * Not documented for this API: the local service models the value source as this field. Absent
   * means the server did not say, not that no source is set.
   */
  valueSources: absentable(z.array(z.string())),
});
export type AttributeDefinition = z.infer<typeof AttributeDefinitionSchema>;

export const RoleSchema = z.looseObject({
  id: z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]),
  name: z.string(),
  description: absentable(z.string()),
});
export type Role = z.infer<typeof RoleSchema>;
