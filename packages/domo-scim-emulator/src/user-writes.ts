import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER } from './contract';
import { getCI, isObject } from './json';
import { isEmailLike } from './roles';
import { badRequest } from './scim-errors';
import { SeedUser } from './seed';
import { USER_EXTENSIONS } from './user-resource';

/** Single-valued text fields of the stored user. */
export type TextField =
  | 'displayName'
  | 'title'
  | 'department'
  | 'employeeNumber'
  | 'organization'
  | 'managerId'
  | 'hireDate'
  | 'employeeLocation'
  | 'locale'
  | 'timezone'
  | 'mobilePhone'
  | 'workPhone'
  | 'alternateEmail';

/** What a request asks to change; absent members are left alone. */
export interface UserChanges {
  userName?: string;
  roleId?: number;
  active?: boolean;
  /** null clears the field. */
  text: Partial<Record<TextField, string | null>>;
  /** Custom keys named by the request; [] clears the key. */
  custom: Record<string, string[]>;
  /** Keys the request does not name are cleared (a replace of the whole customAttributes). */
  customReplaceAll?: boolean;
}

export function emptyChanges(): UserChanges {
  return { text: {}, custom: {} };
}

/** Writes one attribute's value into `changes`; `merge` is PATCH add semantics for multi-valued ones. */
type Writer = (changes: UserChanges, value: unknown, merge: boolean) => void;

function textWriter(field: TextField, label: string): Writer {
  return (changes, value) => {
    changes.text[field] = optionalString(value, label);
  };
}

function optionalString(value: unknown, label: string): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value !== 'string') throw badRequest(`"${label}" must be a string`, 'invalidValue');
  return value;
}

function listOf(value: unknown, label: string): Record<string, unknown>[] {
  if (value === null || value === undefined) return [];
  const items = Array.isArray(value) ? value : [value];
  if (!items.every(isObject)) throw badRequest(`"${label}" must be a list of objects`, 'invalidValue');
  return items;
}

function typeOf(item: Record<string, unknown>): string {
  const t = getCI(item, 'type');
  return typeof t === 'string' ? t.toLowerCase() : '';
}

const writeEmails: Writer = (changes, value, merge) => {
  // The work email is the userName in Domo; only the alternate email is stored separately.
  const alternate = listOf(value, 'emails').find((e) => typeOf(e) === 'alternate');
  if (alternate) changes.text.alternateEmail = optionalString(getCI(alternate, 'value'), 'emails.value');
  else if (!merge) changes.text.alternateEmail = null;
};

const PHONE_FIELDS: Record<string, TextField> = { mobile: 'mobilePhone', work: 'workPhone' };

const writePhones: Writer = (changes, value, merge) => {
  const items = listOf(value, 'phoneNumbers');
  if (!merge) for (const field of Object.values(PHONE_FIELDS)) changes.text[field] = null;
  for (const item of items) {
    const field = PHONE_FIELDS[typeOf(item)];
    if (!field)
      throw badRequest(`"phoneNumbers" type must be "mobile" or "work", got ${JSON.stringify(getCI(item, 'type'))}`, 'invalidValue');
    changes.text[field] = optionalString(getCI(item, 'value'), 'phoneNumbers.value');
  }
};

const writeRoles: Writer = (changes, value) => {
  const roles = listOf(value, 'roles');
  if (roles.length !== 1)
    throw badRequest(`A user has exactly one role: "roles" must hold one {value: role id}, got ${roles.length}`, 'invalidValue');
  const raw = getCI(roles[0]!, 'value');
  const id = typeof raw === 'number' ? raw : typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(id))
    throw badRequest(`Unknown role id ${JSON.stringify(raw)}: use a Domo role id such as "4" (Participant)`, 'invalidValue');
  // Whether the role exists is the store's to say (custom roles): see finalizeUser.
  changes.roleId = id;
};

const writeUserName: Writer = (changes, value) => {
  if (typeof value !== 'string' || !isEmailLike(value)) {
    throw badRequest(`"userName" must be the user's email address, got ${JSON.stringify(value ?? null)}`, 'invalidValue');
  }
  changes.userName = value;
};

const writeActive: Writer = (changes, value) => {
  const v = typeof value === 'string' ? value.toLowerCase() : value;
  if (v !== true && v !== false && v !== 'true' && v !== 'false') throw badRequest('"active" must be true or false', 'invalidValue');
  changes.active = v === true || v === 'true';
};

const writeManager: Writer = (changes, value) => {
  const id = isObject(value) ? getCI(value, 'value') : value;
  changes.text.managerId = optionalString(typeof id === 'number' ? String(id) : id, 'manager.value');
};

const writeHireDate: Writer = (changes, value) => {
  const text = optionalString(value, 'hireDate');
  if (text === null || /^\d{4}-\d{2}-\d{2}$/.test(text)) {
    changes.text.hireDate = text;
    return;
  }
  // Domo keeps only the date of a date-time; that is why clients must send YYYY-MM-DD.
  const time = Date.parse(text);
  if (Number.isNaN(time)) throw badRequest(`"hireDate" must be a date (YYYY-MM-DD), got "${text}"`, 'invalidValue');
  changes.text.hireDate = new Date(time).toISOString().slice(0, 10);
};

/** A custom attribute's values: always a list of strings. */
export function customValues(value: unknown, key: string): string[] {
  if (value === null || value === undefined) return [];
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) {
    throw badRequest(`Custom attribute "${key}": values must be a list of strings, got ${JSON.stringify(value)}`, 'invalidValue');
  }
  return value;
}

const writeCustom: Writer = (changes, value, merge) => {
  if (!merge) changes.customReplaceAll = true;
  for (const item of listOf(value, 'customAttributes')) {
    const key = getCI(item, 'key');
    if (typeof key !== 'string' || key === '') throw badRequest('"customAttributes" items need a "key" string', 'invalidValue');
    changes.custom[key] = customValues(getCI(item, 'values'), key);
  }
};

const ignore: Writer = () => undefined;

/** Writers by schema, then lower-cased attribute name. */
export const WRITERS: Record<string, Record<string, Writer>> = {
  [CORE_USER]: {
    username: writeUserName,
    displayname: textWriter('displayName', 'displayName'),
    title: textWriter('title', 'title'),
    locale: textWriter('locale', 'locale'),
    timezone: textWriter('timezone', 'timezone'),
    active: writeActive,
    emails: writeEmails,
    phonenumbers: writePhones,
    roles: writeRoles,
    // Domo ignores the `name` complex attribute; group membership belongs to /Groups.
    name: ignore,
    groups: ignore,
  },
  [ENTERPRISE_USER]: {
    employeenumber: textWriter('employeeNumber', 'employeeNumber'),
    department: textWriter('department', 'department'),
    organization: textWriter('organization', 'organization'),
    manager: writeManager,
  },
  [DOMO_USER]: {
    hiredate: writeHireDate,
    employeelocation: textWriter('employeeLocation', 'employeeLocation'),
  },
  [CUSTOM_USER]: { customattributes: writeCustom },
};

/** Server-assigned attributes: ignored in bodies, refused as PATCH targets. */
export const READ_ONLY = new Set(['id', 'meta', 'schemas']);

/**
 * Reads a SCIM User body (full for POST/PUT, partial for a PATCH without path). Unknown
 * attributes are ignored, as most SCIM services do.
 */
export function readScimUser(body: Record<string, unknown>, merge: boolean): UserChanges {
  const changes = emptyChanges();
  for (const [key, value] of Object.entries(body)) {
    const ext = USER_EXTENSIONS.find((u) => u.toLowerCase() === key.toLowerCase());
    if (ext) {
      if (!isObject(value)) throw badRequest(`"${ext}" must be an object`, 'invalidValue');
      for (const [sub, subValue] of Object.entries(value)) WRITERS[ext]![sub.toLowerCase()]?.(changes, subValue, merge);
    } else {
      WRITERS[CORE_USER]![key.toLowerCase()]?.(changes, value, merge);
    }
  }
  return changes;
}

/** The stored user after applying `changes` to `base` (empty custom lists are dropped). */
export function applyChanges(base: SeedUser, changes: UserChanges): SeedUser {
  const next = structuredClone(base);
  if (changes.userName !== undefined) next.userName = changes.userName;
  if (changes.roleId !== undefined) next.roleId = changes.roleId;
  for (const [field, value] of Object.entries(changes.text) as [TextField, string | null][]) {
    if (value === null) delete next[field];
    else next[field] = value;
  }
  if (changes.customReplaceAll) next.customAttributes = {};
  Object.assign(next.customAttributes, changes.custom);
  for (const [key, values] of Object.entries(next.customAttributes)) if (values.length === 0) delete next.customAttributes[key];
  return next;
}
