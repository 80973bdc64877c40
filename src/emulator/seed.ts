import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { isEmailLike, SYSTEM_ROLES } from './roles';

/** Where a custom attribute's value may come from (Admin > Governance > Attributes). */
export const SeedValueSource = z.enum(['idp', 'grant', 'managed']);
export type SeedValueSource = z.infer<typeof SeedValueSource>;

/** One custom attribute definition of the instance's catalog. */
export const SeedAttribute = z.strictObject({
  /** Exact, case-sensitive key. */
  key: z.string().min(1),
  title: z.string().optional(),
  valueSources: z.array(SeedValueSource).min(1),
});
export type SeedAttribute = z.infer<typeof SeedAttribute>;

const optionalText = z.string().optional();
/** Domo ids (users and groups) are numbers, carried as strings. */
const NumericId = z.string().regex(/^[1-9]\d*$/, 'must be a numeric string such as "1001"');

/** A Domo user as the emulator stores it; absent fields have no value. */
export const SeedUser = z.strictObject({
  /** Domo's numeric user id, as a string. */
  id: NumericId,
  userName: z.string().refine(isEmailLike, 'must be an email address'),
  displayName: optionalText,
  /** @default 4 (Participant) */
  roleId: z
    .number()
    .int()
    .refine((id) => SYSTEM_ROLES.has(id), 'must be a system role id (1 Admin .. 5 Social)')
    .default(4),
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
  })
  .superRefine((seed, ctx) => {
    const keys = new Set<string>();
    seed.attributes.forEach((a, i) => {
      if (keys.has(a.key)) ctx.addIssue({ code: 'custom', path: ['attributes', i, 'key'], message: `duplicate key "${a.key}"` });
      keys.add(a.key);
    });
    const ids = new Set<string>();
    const userNames = new Set<string>();
    seed.users.forEach((u, i) => {
      if (ids.has(u.id)) ctx.addIssue({ code: 'custom', path: ['users', i, 'id'], message: `duplicate id "${u.id}"` });
      ids.add(u.id);
      const name = u.userName.toLowerCase();
      if (userNames.has(name)) {
        ctx.addIssue({ code: 'custom', path: ['users', i, 'userName'], message: `duplicate userName "${u.userName}" (compared case-insensitively)` });
      }
      userNames.add(name);
      for (const key of Object.keys(u.customAttributes)) {
        if (!keys.has(key)) {
          ctx.addIssue({ code: 'custom', path: ['users', i, 'customAttributes', key], message: `key "${key}" is not in "attributes"` });
        }
      }
    });
    checkGroups(seed.groups, ids, ctx);
  });
export type Seed = z.infer<typeof Seed>;
export type SeedInput = z.input<typeof Seed>;

function checkGroups(groups: readonly SeedGroup[], userIds: ReadonlySet<string>, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  groups.forEach((g, i) => {
    if (ids.has(g.id)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'id'], message: `duplicate id "${g.id}"` });
    ids.add(g.id);
    const name = g.displayName.toLowerCase();
    if (names.has(name)) {
      ctx.addIssue({ code: 'custom', path: ['groups', i, 'displayName'], message: `duplicate displayName "${g.displayName}" (compared case-insensitively)` });
    }
    names.add(name);
    const members = new Set<string>();
    g.members.forEach((m, j) => {
      if (!userIds.has(m)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'members', j], message: `user id "${m}" is not in "users"` });
      if (members.has(m)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'members', j], message: `duplicate member "${m}"` });
      members.add(m);
    });
  });
}

/** Validates parsed JSON as a seed; `source` names the file in the error. */
export function parseSeed(json: unknown, source: string): Seed {
  const result = Seed.safeParse(json);
  if (!result.success) throw new ConfigError(`${source}: invalid seed:\n${z.prettifyError(result.error)}`);
  return result.data;
}

/** Reads and validates a seed (or persist) file. */
export function loadSeedFile(path: string): Seed {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`${path}: cannot read the seed file: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`${path}: the seed file is not valid JSON: ${(e as Error).message}`);
  }
  return parseSeed(json, path);
}
