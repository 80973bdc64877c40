import { z } from 'zod';
import { CUSTOM_ROLE_PREFIX, describeRole, SYSTEM_ROLE_IDS, type SystemRoleName } from '../../model/roles';
import { AttributeValues } from '../../model/attribute-values';

/**
 * The standard fields DomoUsers manages, in plan order. A field left undefined for a user is not
 * managed for that user (Domo keeps its value); an empty string clears it where Domo allows.
 */
export const USER_FIELDS = [
  'displayName',
  'role',
  'title',
  'department',
  'employeeNumber',
  'location',
  'hireDate',
  'mobilePhone',
  'deskPhone',
  'alternateEmail',
  'locale',
  'timezone',
  'manager',
] as const;
export type UserField = (typeof USER_FIELDS)[number];

/** Fields Domo requires a value for: they can be set but never cleared. */
export const REQUIRED_FIELDS: ReadonlySet<UserField> = new Set(['displayName', 'role']);

export const DesiredUser = z.object({
  userName: z.string(),
  displayName: z.string().optional(),
  /** A system role name, a custom role's numeric id, or a custom role's name (resolved to its id at deploy). */
  role: z
    .union([
      z.enum(Object.keys(SYSTEM_ROLE_IDS) as [SystemRoleName, ...SystemRoleName[]]),
      z.number().int().positive(),
      // A custom role's name; not a system role's in another case, not an id written as text.
      z
        .string()
        .trim()
        .min(1)
        .refine((name) => !/^\d+$/.test(name) && !Object.keys(SYSTEM_ROLE_IDS).some((n) => n.toLowerCase() === name.toLowerCase())),
    ])
    .optional(),
  title: z.string().optional(),
  department: z.string().optional(),
  employeeNumber: z.string().optional(),
  location: z.string().optional(),
  /** Any date or date-time; sent as YYYY-MM-DD so it never re-differs. */
  hireDate: z.string().optional(),
  mobilePhone: z.string().optional(),
  deskPhone: z.string().optional(),
  alternateEmail: z.string().optional(),
  locale: z.string().optional(),
  timezone: z.string().optional(),
  /** The manager's userName, resolved to a Domo user id at deploy. */
  manager: z.string().optional(),
  customAttributes: z.record(z.string(), AttributeValues).optional(),
});
export type DesiredUser = z.infer<typeof DesiredUser>;

/** A user as the handler receives it: every managed field as a string, role as its id. */
export const NormalizedUser = z.object({
  userName: z.string(),
  fields: z.record(z.string(), z.string()),
  customAttributes: z.record(z.string(), AttributeValues),
});
export type NormalizedUser = z.infer<typeof NormalizedUser>;

/** `2021-03-04T17:00:00Z`, `2021-03-04`, `3/4/2021` -> `2021-03-04`; undefined when unreadable. */
export function normalizeDate(value: string): string | undefined {
  const trimmed = value.trim();
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(trimmed);
  if (iso) return isRealDate(+iso[1]!, +iso[2]!, +iso[3]!) ? `${iso[1]}-${iso[2]}-${iso[3]}` : undefined;
  const us = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(trimmed);
  if (us && isRealDate(+us[3]!, +us[1]!, +us[2]!)) return `${us[3]}-${us[1]!.padStart(2, '0')}-${us[2]!.padStart(2, '0')}`;
  return undefined;
}

function isRealDate(y: number, m: number, d: number): boolean {
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** `Participant` -> '4', 101 -> '101'. */
export function roleId(role: DesiredUser['role']): string | undefined {
  if (role === undefined) return undefined;
  if (typeof role === 'number') return String(role);
  if (role in SYSTEM_ROLE_IDS) return String(SYSTEM_ROLE_IDS[role as SystemRoleName]);
  return `${CUSTOM_ROLE_PREFIX}${role.trim()}`;
}

export const CUSTOM_TRIGGER_PREFIX = 'custom.';

/** One trigger key per managed field and custom key: `jane@acme.com/title`, `jane@acme.com/custom.trainingCertified`. */
export function userTriggers(users: readonly NormalizedUser[], render: (values: readonly string[]) => string): Record<string, string> {
  const triggers: Record<string, string> = {};
  for (const user of users) {
    for (const [field, value] of Object.entries(user.fields))
      triggers[`${user.userName}/${field}`] = field === 'role' ? describeRole(value) : value;
    for (const [key, values] of Object.entries(user.customAttributes))
      triggers[`${user.userName}/${CUSTOM_TRIGGER_PREFIX}${key}`] = render(values);
  }
  return triggers;
}
