import { z } from 'zod';

/*
 * Response schemas are permissive like the SCIM ones: these APIs are undocumented or documented by
 * example only (the Roles Governance API's page), so a field Domo adds, leaves out or sends as null
 * must not break a caller. Unknown fields pass through.
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

/** Domo ids are numbers in these APIs (SCIM's are numeric strings); tolerate either. */
export const DomoId = z.union([z.number().int(), z.string().regex(/^\d+$/).transform(Number)]);

/** A role as the Roles Governance API shows it: `{id, name, description, authorityCount, userCount, created, modified}`. */
export const RoleSchema = z.looseObject({
  id: DomoId,
  name: z.string(),
  description: absentable(z.string()),
  /** How many grants the role holds. */
  authorityCount: absentable(z.number().int()),
  /** How many users hold the role. */
  userCount: absentable(z.number().int()),
  /** Epoch ms. */
  created: absentable(z.number()),
  modified: absentable(z.number()),
});
export type Role = z.infer<typeof RoleSchema>;

/** What `POST /roles` answers: `{id, name, description}`. */
export const CreatedRoleSchema = z.looseObject({
  id: DomoId,
  name: absentable(z.string()),
  description: absentable(z.string()),
});

/** One grant a role holds, `{authority}` as Domo answers it; a bare string reads the same. */
export const RoleGrantSchema = z.union([z.string().min(1), z.looseObject({ authority: z.string().min(1) }).transform((g) => g.authority)]);

/** What `PATCH /roles/{id}/authorities` answers: `{status: "SUCCESS", message}`. */
export const GrantsUpdateSchema = z.looseObject({
  status: absentable(z.string()),
  message: absentable(z.string()),
});

/** One grant of `GET /authorities`: its id (`dataset.export`), title, description, heading and the roles holding it. */
export const AuthoritySchema = z.looseObject({
  authority: z.string().min(1),
  title: absentable(z.string()),
  description: absentable(z.string()),
  /** The heading Admin > Governance > Roles shows the grant under. */
  authorityUIGroup: absentable(z.string()),
  /** Absent when Domo does not say, not "no role holds it". */
  roleIds: absentable(z.array(DomoId)),
});
export type Authority = z.infer<typeof AuthoritySchema>;
