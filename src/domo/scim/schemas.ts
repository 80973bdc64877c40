import { z } from 'zod';
import { CUSTOM_USER, DOMO_GROUP, DOMO_USER, ENTERPRISE_USER } from './urns';

/*
 * Response schemas are deliberately permissive: Domo's exact shapes are partly undocumented, and a
 * reconcile must not fail because the server added a field, sent null, or sent a number where a
 * string was expected. Unknown fields pass through untouched.
 */

/** Drops nulls (Domo may send `"title": null`) so fields can simply be optional. */
function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.filter((v) => v !== null).map(dropNulls);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null)
        .map(([k, v]) => [k, dropNulls(v)]),
    );
  }
  return value;
}

function lenient<T extends z.ZodType>(schema: T) {
  return z.preprocess(dropNulls, schema);
}

/** Text that some servers send as a number (ids, employee numbers). */
const Text = z.union([z.string(), z.number().transform(String)]);
const Bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

const MultiValued = z.looseObject({
  value: Text.optional(),
  display: z.string().optional(),
  type: z.string().optional(),
  primary: Bool.optional(),
});

const Meta = z.looseObject({
  resourceType: z.string().optional(),
  created: z.string().optional(),
  lastModified: z.string().optional(),
  location: z.string().optional(),
  version: z.string().optional(),
});

const CustomAttribute = z.looseObject({
  key: z.string(),
  values: z.union([z.array(Text), Text]).optional(),
});

export const ScimUserSchema = lenient(
  z.looseObject({
    schemas: z.array(z.string()).optional(),
    id: Text,
    externalId: Text.optional(),
    userName: z.string(),
    displayName: z.string().optional(),
    name: z
      .looseObject({ formatted: z.string().optional(), givenName: z.string().optional(), familyName: z.string().optional() })
      .optional(),
    title: Text.optional(),
    active: Bool.optional(),
    locale: z.string().optional(),
    timezone: z.string().optional(),
    emails: z.array(MultiValued).optional(),
    phoneNumbers: z.array(MultiValued).optional(),
    roles: z.array(MultiValued).optional(),
    groups: z.array(MultiValued).optional(),
    meta: Meta.optional(),
    [ENTERPRISE_USER]: z
      .looseObject({
        employeeNumber: Text.optional(),
        department: Text.optional(),
        organization: Text.optional(),
        manager: z.looseObject({ value: Text.optional(), displayName: z.string().optional(), $ref: z.string().optional() }).optional(),
      })
      .optional(),
    [DOMO_USER]: z.looseObject({ hireDate: z.string().optional(), employeeLocation: Text.optional() }).optional(),
    [CUSTOM_USER]: z.looseObject({ customAttributes: z.array(CustomAttribute).optional() }).optional(),
  }),
);
export type ScimUser = z.infer<typeof ScimUserSchema>;

/** A group member: a Domo user id, with its userName as `display` when the server sends it. */
const GroupMember = z.looseObject({
  value: Text,
  display: z.string().optional(),
  type: z.string().optional(),
  $ref: z.string().optional(),
});

/** A directory group. `members` is absent when excluded (`excludedAttributes=members`), so absent is not empty. */
export const ScimGroupSchema = lenient(
  z.looseObject({
    schemas: z.array(z.string()).optional(),
    id: Text,
    externalId: Text.optional(),
    displayName: z.string(),
    members: z.array(GroupMember).optional(),
    [DOMO_GROUP]: z.looseObject({ domoDisplayName: Text.optional(), description: Text.optional() }).optional(),
    meta: Meta.optional(),
  }),
);
export type ScimGroup = z.infer<typeof ScimGroupSchema>;

/** A ListResponse page of `item`. `Resources` may be omitted when there are no results (RFC 7644 §3.4.2). */
export function listResponseSchema<T>(item: z.ZodType<T>) {
  return lenient(
    z.looseObject({
      schemas: z.array(z.string()).optional(),
      totalResults: z.coerce.number().int().nonnegative().optional(),
      startIndex: z.coerce.number().int().optional(),
      itemsPerPage: z.coerce.number().int().nonnegative().optional(),
      Resources: z.array(item).optional(),
    }),
  );
}

/**
 * An error body: SCIM's `{schemas, status, scimType, detail}`, plus the `message`/`error` fields
 * of Domo's non-SCIM APIs and gateways, so whichever answered, the reader gets the reason.
 */
export const ErrorBodySchema = lenient(
  z.looseObject({
    // .catch: one odd field (say an object under "error") must not hide the others.
    scimType: z.string().optional().catch(undefined),
    detail: z.string().optional().catch(undefined),
    message: z.string().optional().catch(undefined),
    error_description: z.string().optional().catch(undefined),
    error: z.string().optional().catch(undefined),
  }),
);

/** A user as sent by POST/PUT. `schemas` is filled in from the extension blocks present when omitted. */
export interface ScimUserWrite {
  readonly schemas?: readonly string[];
  readonly userName: string;
  readonly displayName?: string;
  readonly active?: boolean;
  readonly title?: string;
  readonly locale?: string;
  readonly timezone?: string;
  readonly externalId?: string;
  readonly emails?: readonly { readonly value: string; readonly type?: string; readonly primary?: boolean }[];
  readonly phoneNumbers?: readonly { readonly value: string; readonly type?: string }[];
  /** Exactly one element: the Domo role id. */
  readonly roles?: readonly { readonly value: string }[];
  readonly groups?: readonly { readonly value: string; readonly display?: string }[];
  readonly [ENTERPRISE_USER]?: {
    readonly employeeNumber?: string;
    readonly department?: string;
    readonly organization?: string;
    readonly manager?: { readonly value: string };
  };
  /** hireDate must be YYYY-MM-DD: Domo converts date-times, which then differ forever. */
  readonly [DOMO_USER]?: { readonly hireDate?: string; readonly employeeLocation?: string };
  readonly [CUSTOM_USER]?: { readonly customAttributes?: readonly { readonly key: string; readonly values: readonly string[] }[] };
  readonly [key: string]: unknown;
}

/** A group as sent by POST/PUT. `schemas` is filled in from the blocks present when omitted. */
export interface ScimGroupWrite {
  readonly schemas?: readonly string[];
  /** The directory (IdP) name; unique in Domo. */
  readonly displayName: string;
  readonly externalId?: string;
  /** Domo user ids. A PUT replaces the whole list: leaving it out empties the group. */
  readonly members?: readonly { readonly value: string }[];
  /** domoDisplayName is the name shown in Domo. */
  readonly [DOMO_GROUP]?: { readonly domoDisplayName?: string; readonly description?: string };
  readonly [key: string]: unknown;
}

/** One operation of a PatchOp message. Domo accepts op names in any case; Group PATCH needs `path`. */
export interface PatchOperation {
  readonly op: 'add' | 'replace' | 'remove' | 'Add' | 'Replace' | 'Remove';
  readonly path?: string;
  readonly value?: unknown;
}
