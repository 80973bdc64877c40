import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { KEYSPACES } from './contract';
import { EmulatorConfigError } from './errors';
import { SeedDatasetList } from './dataset-seed';
import { DEFAULT_GRANTS } from './grants';
import { SeedApiClientList } from './oauth-clients';
import { isEmailLike, SYSTEM_ROLES } from './roles';
import { checkSeed, checkUserRoles } from './seed-checks';

/** Where a custom attribute's value may come from (Admin > Governance > Attributes). */
export const SeedValueSource = z.enum(['idp', 'grant', 'managed']);
export type SeedValueSource = z.infer<typeof SeedValueSource>;

export const SeedKeyspace = z.enum(KEYSPACES);
export type SeedKeyspace = z.infer<typeof SeedKeyspace>;

/**
 * One custom attribute definition of the instance's catalog: what SCIM custom-attribute writes
 * accept, and what the attribute definition API (`/api/user/v1/properties/meta/keys`) lists.
 */
export const SeedAttribute = z.strictObject({
  /** Exact, case-sensitive key. */
  key: z.string().min(1),
  /** Only customer-defined keys can be created, changed or deleted through the API. @default 'customer-defined' */
  keyspace: SeedKeyspace.default('customer-defined'),
  /** @default - the key */
  title: z.string().optional(),
  description: z.string().optional(),
  /** What values Domo accepts. @default 'ANY_VALUE' */
  validator: z.string().min(1).default('ANY_VALUE'),
  /** Who sees the values, e.g. FULL_VIS, ADMIN_ONLY. @default 'FULL_VIS_ADMIN_IDP' */
  securityVoter: z.string().min(1).default('FULL_VIS_ADMIN_IDP'),
  valueSources: z.array(SeedValueSource).min(1),
  /**
   * What uses the key, e.g. "dynamic group: Texas stores" or "PDP policy: Region rows": Domo
   * refuses to delete a definition that a dynamic group or a PDP policy uses. @default []
   */
  usedBy: z.array(z.string().min(1)).default([]),
});
export type SeedAttribute = z.infer<typeof SeedAttribute>;
export type SeedAttributeInput = z.input<typeof SeedAttribute>;

/** A custom role and its grants; ids 1..5 are the system roles, which every instance has. */
export const SeedRole = z.strictObject({
  id: z
    .number()
    .int()
    .positive()
    .refine((id) => !SYSTEM_ROLES.has(id), 'ids 1..5 are the system roles; give custom roles other ids, such as 101'),
  name: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
  description: z.string().optional(),
  /** Grant ids of the service's catalogue (`GET /api/authorization/v1/authorities`). @default [] */
  grants: z.array(z.string().min(1)).default([]),
  /** Epoch ms, set when the API creates or changes the role. @default - when the service started */
  created: z.number().int().nonnegative().optional(),
  modified: z.number().int().nonnegative().optional(),
});
export type SeedRole = z.infer<typeof SeedRole>;
export type SeedRoleInput = z.input<typeof SeedRole>;

/** The user the token belongs to, modelled by its grants: SCIM writes check them. */
export const SeedTokenOwner = z.strictObject({
  userName: z.string().refine(isEmailLike, 'must be an email address'),
  /** @default - Manage All Users, Manage All Roles and Manage All Groups */
  grants: z.array(z.string().min(1)).default([...DEFAULT_GRANTS]),
});
export type SeedTokenOwner = z.infer<typeof SeedTokenOwner>;
export type SeedTokenOwnerInput = z.input<typeof SeedTokenOwner>;

const optionalText = z.string().optional();
/** Domo ids (users and groups) are numbers, carried as strings. */
const NumericId = z.string().regex(/^[1-9]\d*$/, 'must be a numeric string such as "1001"');

/** A Domo user as the emulator stores it; absent fields have no value. */
export const SeedUser = z.strictObject({
  /** Domo's numeric user id, as a string. */
  id: NumericId,
  userName: z.string().refine(isEmailLike, 'must be an email address'),
  displayName: optionalText,
  /** A system role id or the id of a custom role in the seed's `roles`. @default 4 (Participant) */
  roleId: z.number().int().positive().default(4),
  title: optionalText,
  department: optionalText,
  employeeNumber: optionalText,
  organization: optionalText,
  managerId: optionalText,
  hireDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date as YYYY-MM-DD')
    .optional(),
  employeeLocation: optionalText,
  locale: optionalText,
  timezone: optionalText,
  mobilePhone: optionalText,
  workPhone: optionalText,
  alternateEmail: optionalText,
  /** Key to values; a key with an empty list has no value. @default {} */
  customAttributes: z.record(z.string(), z.array(z.string())).default({}),
  /** Models users Domo refuses to delete until their DataSets/DataFlows are reassigned. @default false */
  ownsDatasets: z.boolean().default(false),
});
export type SeedUser = z.infer<typeof SeedUser>;
export type SeedUserInput = z.input<typeof SeedUser>;

/** A directory group (the only kind SCIM sees); absent fields have no value. */
export const SeedGroup = z.strictObject({
  /** Domo's numeric group id, as a string. */
  id: NumericId,
  /** The directory (IdP) name; unique, compared case-insensitively. */
  displayName: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
  /** The name shown in Domo. */
  domoDisplayName: optionalText,
  description: optionalText,
  /** User ids, each of a user in `users`. @default [] */
  members: z.array(NumericId).default([]),
});
export type SeedGroup = z.infer<typeof SeedGroup>;
export type SeedGroupInput = z.input<typeof SeedGroup>;

/** What the emulator does with an API write to an IdP-only custom attribute. */
export const SeedIdpOnlyWrites = z.enum(['ignore', 'reject']);
export type SeedIdpOnlyWrites = z.infer<typeof SeedIdpOnlyWrites>;

/** The whole state of an emulated instance; also the format of persist files and snapshots. */
export const Seed = z
  .strictObject({
    attributes: z.array(SeedAttribute).default([]),
    /** @default 'ignore' - accepted with 200 but the value does not change */
    idpOnlyWrites: SeedIdpOnlyWrites.default('ignore'),
    users: z.array(SeedUser).default([]),
    groups: z.array(SeedGroup).default([]),
    /** Custom roles, besides the system roles every instance has. @default - none */
    roles: z.array(SeedRole).optional(),
    /** @default - a token whose owner has every grant the tool needs */
    tokenOwner: SeedTokenOwner.optional(),
    /** Public-API clients that may exchange their credentials for access tokens. @default - none */
    apiClients: SeedApiClientList.optional(),
    /** Datasets the public API exports and the query API answers SQL over. @default - none */
    datasets: SeedDatasetList.optional(),
  })
  .superRefine(checkSeed)
  // Runs even when other fields are invalid, as the field-level role check it replaces did.
  .superRefine(checkUserRoles, { when: (payload) => typeof payload.value === 'object' && payload.value !== null });
export type Seed = z.infer<typeof Seed>;
export type SeedInput = z.input<typeof Seed>;

/** Validates parsed JSON as a seed; `source` names the file in the error. */
export function parseSeed(json: unknown, source: string): Seed {
  const result = Seed.safeParse(json);
  if (!result.success) throw new EmulatorConfigError(`${source}: invalid seed:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Reads and validates a seed (or persist) file. */
export function loadSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new EmulatorConfigError(`${path}: cannot read the seed file: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new EmulatorConfigError(`${path}: the seed file is not valid JSON: ${(e as Error).message}`);
  }
  return parseSeed(json, path);
}
