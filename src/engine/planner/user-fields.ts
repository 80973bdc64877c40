import type { PatchOperation, ScimUser, ScimUserWrite } from '../../domo/scim/schemas';
import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER } from '../../domo/scim/urns';
import { normalizeDate, type UserField } from '../../model/users';

/**
 * Where each standard field lives in Domo's SCIM user, how to read it, and the PATCH path that
 * sets it. Values are compared as strings; the manager is a Domo user id here.
 */
interface FieldMapping {
  read(user: ScimUser): string;
  path: string;
  /** The PATCH value for a non-empty string. */
  value(v: string): unknown;
  /** A path that removes the field, where it differs from `path`. */
  removePath?: string;
}

const typed = (list: ScimUser['emails'], type: string) => list?.find((e) => e.type === type)?.value ?? '';
const plain = (path: string): Pick<FieldMapping, 'path' | 'value'> => ({ path, value: (v) => v });

export const FIELD_MAPPINGS: Record<UserField, FieldMapping> = {
  displayName: { read: (u) => u.displayName ?? '', ...plain('displayName') },
  role: { read: (u) => String(u.roles?.[0]?.value ?? ''), path: 'roles', value: (v) => [{ value: v }] },
  title: { read: (u) => u.title ?? '', ...plain('title') },
  department: { read: (u) => u[ENTERPRISE_USER]?.department ?? '', ...plain(`${ENTERPRISE_USER}:department`) },
  employeeNumber: { read: (u) => u[ENTERPRISE_USER]?.employeeNumber ?? '', ...plain(`${ENTERPRISE_USER}:employeeNumber`) },
  location: { read: (u) => u[DOMO_USER]?.employeeLocation ?? '', ...plain(`${DOMO_USER}:employeeLocation`) },
  hireDate: { read: (u) => normalizeDate(u[DOMO_USER]?.hireDate ?? '') ?? '', ...plain(`${DOMO_USER}:hireDate`) },
  mobilePhone: {
    read: (u) => typed(u.phoneNumbers, 'mobile'),
    ...plain('phoneNumbers[type eq "mobile"].value'),
    removePath: 'phoneNumbers[type eq "mobile"]',
  },
  deskPhone: {
    read: (u) => typed(u.phoneNumbers, 'work'),
    ...plain('phoneNumbers[type eq "work"].value'),
    removePath: 'phoneNumbers[type eq "work"]',
  },
  alternateEmail: {
    read: (u) => typed(u.emails, 'alternate'),
    ...plain('emails[type eq "alternate"].value'),
    removePath: 'emails[type eq "alternate"]',
  },
  locale: { read: (u) => u.locale ?? '', ...plain('locale') },
  timezone: { read: (u) => u.timezone ?? '', ...plain('timezone') },
  manager: { read: (u) => u[ENTERPRISE_USER]?.manager?.value ?? '', path: `${ENTERPRISE_USER}:manager`, value: (v) => ({ value: v }) },
};

export interface FieldChange {
  readonly field: UserField;
  readonly from: string;
  readonly to: string;
}

export function diffFields(live: ScimUser, desired: Readonly<Partial<Record<UserField, string>>>): FieldChange[] {
  const changes: FieldChange[] = [];
  for (const [field, to] of Object.entries(desired) as Array<[UserField, string]>) {
    const from = FIELD_MAPPINGS[field].read(live);
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}

export function fieldOperations(changes: readonly FieldChange[]): PatchOperation[] {
  return changes.map(({ field, to }) => {
    const m = FIELD_MAPPINGS[field];
    return to === '' ? { op: 'remove', path: m.removePath ?? m.path } : { op: 'replace', path: m.path, value: m.value(to) };
  });
}

/** A POST body for a user Domo does not have yet; active is never sent (false would delete). */
export function newUserBody(
  userName: string,
  fields: Readonly<Partial<Record<UserField, string>>>,
  custom: Readonly<Record<string, readonly string[]>>,
): ScimUserWrite {
  const f = (name: UserField) => (fields[name] ? fields[name] : undefined);
  const phones = [
    ...(f('mobilePhone') ? [{ value: f('mobilePhone')!, type: 'mobile' }] : []),
    ...(f('deskPhone') ? [{ value: f('deskPhone')!, type: 'work' }] : []),
  ];
  const customList = Object.entries(custom)
    .filter(([, v]) => v.length > 0)
    .map(([key, values]) => ({ key, values: [...values] }));
  return {
    schemas: [CORE_USER, ENTERPRISE_USER, DOMO_USER, CUSTOM_USER],
    userName,
    displayName: f('displayName') ?? userName,
    emails: [
      { value: userName, type: 'work', primary: true },
      ...(f('alternateEmail') ? [{ value: f('alternateEmail')!, type: 'alternate' }] : []),
    ],
    ...(f('role') ? { roles: [{ value: f('role')! }] } : {}),
    ...(f('title') ? { title: f('title') } : {}),
    ...(f('locale') ? { locale: f('locale') } : {}),
    ...(f('timezone') ? { timezone: f('timezone') } : {}),
    ...(phones.length > 0 ? { phoneNumbers: phones } : {}),
    [ENTERPRISE_USER]: {
      ...(f('department') ? { department: f('department') } : {}),
      ...(f('employeeNumber') ? { employeeNumber: f('employeeNumber') } : {}),
      ...(f('manager') ? { manager: { value: f('manager')! } } : {}),
    },
    [DOMO_USER]: { ...(f('hireDate') ? { hireDate: f('hireDate') } : {}), ...(f('location') ? { employeeLocation: f('location') } : {}) },
    ...(customList.length > 0 ? { [CUSTOM_USER]: { customAttributes: customList } } : {}),
  };
}
