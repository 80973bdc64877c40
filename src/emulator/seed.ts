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

/** A Domo user as the emulator stores it; absent fields have no value. */
export const SeedUser = z.strictObject({
  /** Domo's numeric user id, as a string. */
  id: z.string().regex(/^[1-9]\d*$/, 'must be a numeric string such as "1001"'),
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
    /** Reserved for the Groups part of the contract; kept as given. */
    groups: z.array(z.looseObject({})).default([]),
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
  });
export type Seed = z.infer<typeof Seed>;
export type SeedInput = z.input<typeof Seed>;

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
