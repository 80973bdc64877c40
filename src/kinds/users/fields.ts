import type { PatchOperation, ScimUser, ScimUserWrite } from '../../domo/scim/schemas';
import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER } from '../../domo/scim/urns';
import { normalizeDate, USER_FIELDS, type UserField } from './model';
import type { FieldChange, UserFields } from '../../engine/planner/user';

type Typed = NonNullable<ScimUser['emails']>[number];

/** A field kept as one entry of a multi-valued attribute, which Domo only lets us replace whole. */
interface MultiValuedField {
  readonly attribute: 'emails' | 'phoneNumbers';
  readonly type: string;
}

/**
 * Where each standard field lives in Domo's SCIM user and how to read it. A plain field has the
 * PATCH path Domo documents for it; a multi-valued one (mobile, desk phone, alternate email) is an
 * entry of `phoneNumbers` or `emails`, which are replaced whole, keeping the entries we do not
 * manage (value-path filters like `phoneNumbers[type eq "mobile"].value` are not documented).
 */
interface FieldMapping {
  read(user: ScimUser): string;
  /** The PATCH path of a plain field. */
  readonly path?: string;
  /** The PATCH value for a non-empty string. */
  value?(v: string): unknown;
  readonly multi?: MultiValuedField;
}

const typed = (list: ScimUser['emails'], type: string) => list?.find((e) => e.type === type)?.value ?? '';
const plain = (path: string): Pick<FieldMapping, 'path' | 'value'> => ({ path, value: (v) => v });
const entry = (attribute: MultiValuedField['attribute'], type: string): Pick<FieldMapping, 'read' | 'multi'> => ({
  read: (u) => typed(u[attribute], type),
  multi: { attribute, type },
});

export const FIELD_MAPPINGS: Record<UserField, FieldMapping> = {
  displayName: { read: (u) => u.displayName ?? '', ...plain('displayName') },
  role: { read: (u) => String(u.roles?.[0]?.value ?? ''), path: 'roles', value: (v) => [{ value: v }] },
  title: { read: (u) => u.title ?? '', ...plain('title') },
  department: { read: (u) => u[ENTERPRISE_USER]?.department ?? '', ...plain(`${ENTERPRISE_USER}:department`) },
  employeeNumber: { read: (u) => u[ENTERPRISE_USER]?.employeeNumber ?? '', ...plain(`${ENTERPRISE_USER}:employeeNumber`) },
  location: { read: (u) => u[DOMO_USER]?.employeeLocation ?? '', ...plain(`${DOMO_USER}:employeeLocation`) },
  hireDate: { read: (u) => normalizeDate(u[DOMO_USER]?.hireDate ?? '') ?? '', ...plain(`${DOMO_USER}:hireDate`) },
  mobilePhone: entry('phoneNumbers', 'mobile'),
  deskPhone: entry('phoneNumbers', 'work'),
  alternateEmail: entry('emails', 'alternate'),
  locale: { read: (u) => u.locale ?? '', ...plain('locale') },
  timezone: { read: (u) => u.timezone ?? '', ...plain('timezone') },
  manager: { read: (u) => u[ENTERPRISE_USER]?.manager?.value ?? '', path: `${ENTERPRISE_USER}:manager`, value: (v) => ({ value: v }) },
};

/** A change of one of these fields. */
export interface UserFieldChange extends FieldChange {
  readonly field: UserField;
}

/** The fields a DomoUsers user is given (the manager as a Domo user id), as the user planner plans them. */
export function userFields(desired: Readonly<Partial<Record<UserField, string>>>): UserFields {
  return {
    plan(live) {
      const changes = planFields(live, desired);
      return { changes, operations: fieldOperations(changes, live) };
    },
  };
}

/** The fields whose live value differs from the desired one (the manager as a Domo user id). */
export function planFields(live: ScimUser, desired: Readonly<Partial<Record<UserField, string>>>): UserFieldChange[] {
  const changes: UserFieldChange[] = [];
  for (const field of USER_FIELDS) {
    const to = desired[field];
    if (to === undefined) continue;
    const from = FIELD_MAPPINGS[field].read(live);
    if (from !== to) changes.push({ field, from, to });
  }
  return changes;
}

/**
 * The PatchOp operations for field changes, in Domo's documented forms only: a plain path per
 * field, and `emails`/`phoneNumbers` replaced whole with every entry we do not manage kept as it is.
 */
export function fieldOperations(changes: readonly UserFieldChange[], live: ScimUser): PatchOperation[] {
  const ops: PatchOperation[] = [];
  const lists = new Map<MultiValuedField['attribute'], Typed[]>();
  for (const { field, to } of changes) {
    const m = FIELD_MAPPINGS[field];
    if (m.multi) {
      const { attribute, type } = m.multi;
      const list = (lists.get(attribute) ?? [...(live[attribute] ?? [])]).filter((e) => e.type !== type);
      lists.set(attribute, to === '' ? list : [...list, { value: to, type }]);
    } else {
      ops.push(to === '' ? { op: 'remove', path: m.path! } : { op: 'replace', path: m.path!, value: m.value!(to) });
    }
  }
  for (const [attribute, list] of lists) ops.push({ op: 'replace', path: attribute, value: list.map(withoutDisplay) });
  return ops;
}

/** Keeps what Domo stores of an entry; read-only sub-attributes like `display` are not sent back. */
function withoutDisplay(e: Typed): Typed {
  return Object.fromEntries(Object.entries(e).filter(([k]) => k !== 'display' && k !== '$ref')) as Typed;
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
    .map(([key, values]) => ({ key, values: [...new Set(values)] }));
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
