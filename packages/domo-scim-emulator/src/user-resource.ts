import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER } from './contract';
import { ResourceMeta } from './resource-table';
import { SeedUser } from './seed';
import { GroupRef } from './store';

/** Every schema a Domo user carries, in Domo's order. */
export const USER_SCHEMAS = [CORE_USER, ENTERPRISE_USER, DOMO_USER, CUSTOM_USER] as const;

/** Schemas whose attributes appear in a block keyed by the schema URN. */
export const USER_EXTENSIONS = [ENTERPRISE_USER, DOMO_USER, CUSTOM_USER] as const;

export type ScimResource = Record<string, unknown>;

export interface ToScimOptions {
  /** Absolute URL of the resource, for meta.location. */
  readonly location: string;
  /** Domo returns the custom extension only when `attributes=_all` was asked for. */
  readonly includeCustom: boolean;
  /** The groups the user belongs to; read-only on users, written through /Groups. @default [] */
  readonly groups?: readonly GroupRef[];
  /** The name of the user's role, system or custom. @default - "Role <id>" */
  readonly roleName?: string;
}

/** The SCIM representation Domo answers with; attributes without a value are left out. */
export function toScimUser(user: SeedUser, meta: ResourceMeta, options: ToScimOptions): ScimResource {
  const emails: ScimResource[] = [{ value: user.userName, type: 'work', primary: true }];
  if (user.alternateEmail) emails.push({ value: user.alternateEmail, type: 'alternate', primary: false });
  const phoneNumbers: ScimResource[] = [];
  if (user.mobilePhone) phoneNumbers.push({ value: user.mobilePhone, type: 'mobile' });
  if (user.workPhone) phoneNumbers.push({ value: user.workPhone, type: 'work' });

  const enterprise = compact({
    employeeNumber: user.employeeNumber,
    department: user.department,
    organization: user.organization,
    manager: user.managerId ? { value: user.managerId } : undefined,
  });
  const domo = compact({ hireDate: user.hireDate, employeeLocation: user.employeeLocation });
  const customAttributes = Object.entries(user.customAttributes)
    .filter(([, values]) => values.length > 0)
    .map(([key, values]) => ({ key, values: [...values] }));

  return compact({
    schemas: [...USER_SCHEMAS],
    id: user.id,
    userName: user.userName,
    displayName: user.displayName,
    active: true,
    title: user.title,
    emails,
    phoneNumbers: phoneNumbers.length > 0 ? phoneNumbers : undefined,
    roles: [{ value: String(user.roleId), display: options.roleName ?? `Role ${user.roleId}` }],
    locale: user.locale,
    timezone: user.timezone,
    groups: (options.groups ?? []).map((g) => ({ value: g.id, display: g.displayName })),
    [ENTERPRISE_USER]: Object.keys(enterprise).length > 0 ? enterprise : undefined,
    [DOMO_USER]: Object.keys(domo).length > 0 ? domo : undefined,
    [CUSTOM_USER]: options.includeCustom ? { customAttributes } : undefined,
    meta: { resourceType: 'User', created: meta.created, lastModified: meta.lastModified, location: options.location },
  });
}

function compact(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined && v !== ''));
}
