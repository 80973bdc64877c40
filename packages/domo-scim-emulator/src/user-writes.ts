import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER } from './contract';
import { getCI, isObject } from './json';
import { isEmailLike } from './roles';
import { badRequest } from './scim-errors';
import { SeedUser } from './seed';
import { USER_EXTENSIONS, USER_SCHEMAS } from './user-resource';

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

/** Writes one attribute's value into `changes`; multi-valued attributes are replaced whole. */
type Writer = (changes: UserChanges, value: unknown) => void;

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

/**
 * The entries of a multi-valued attribute by type, each type at most once and one of `types`: the
 * stored user has one field per type, so anything else could not be kept.
 */
function typedEntries(value: unknown, label: string, types: readonly string[]): Map<string, unknown> {
  const byType = new Map<string, unknown>();
  for (const item of listOf(value, label)) {
    const type = typeOf(item);
    if (!types.includes(type))
      throw badRequest(
        `"${label}" type must be ${types.map((t) => `"${t}"`).join(' or ')}, got ${JSON.stringify(getCI(item, 'type') ?? null)}`,
        'invalidValue',
      );
    if (byType.has(type)) throw badRequest(`"${label}" has more than one entry of type "${type}"`, 'invalidValue');
    byType.set(type, getCI(item, 'value'));
  }
  return byType;
}

const writeEmails: Writer = (changes, value) => {
  // The work email is the userName in Domo; only the alternate email is stored separately.
  const entries = typedEntries(value, 'emails', ['work', 'alternate']);
  changes.text.alternateEmail = optionalString(entries.get('alternate'), 'emails.value');
};

const PHONE_FIELDS: Record<string, TextField> = { mobile: 'mobilePhone', work: 'workPhone' };

const writePhones: Writer = (changes, value) => {
  const entries = typedEntries(value, 'phoneNumbers', Object.keys(PHONE_FIELDS));
  for (const [type, field] of Object.entries(PHONE_FIELDS)) changes.text[field] = optionalString(entries.get(type), 'phoneNumbers.value');
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

const writeCustom: Writer = (changes, value) => {
  changes.customReplaceAll = true;
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

/**
 * Reads a POST or PUT body: the whole user. Unknown core attributes are ignored, as most SCIM
 * services do, but a schema block or `schemas` entry other than Domo's four user schemas is
 * refused: a misspelt extension URN would otherwise drop its attributes without a word.
 */
export function readScimUser(body: Record<string, unknown>): UserChanges {
  const changes = emptyChanges();
  const schemas = getCI(body, 'schemas');
  for (const schema of Array.isArray(schemas) ? schemas : []) {
    if (!(USER_SCHEMAS as readonly unknown[]).includes(schema)) throw unknownSchema(`"schemas" lists ${JSON.stringify(schema)}`);
  }
  for (const [key, value] of Object.entries(body)) {
    if (!key.toLowerCase().startsWith('urn:')) {
      WRITERS[CORE_USER]![key.toLowerCase()]?.(changes, value);
      continue;
    }
    const ext = USER_EXTENSIONS.find((u) => u === key);
    if (!ext) throw unknownSchema(`the body has a "${key}" block`);
    if (!isObject(value)) throw badRequest(`"${ext}" must be an object`, 'invalidValue');
    for (const [sub, subValue] of Object.entries(value)) WRITERS[ext]![sub.toLowerCase()]?.(changes, subValue);
  }
  return changes;
}

function unknownSchema(what: string) {
  return badRequest(`${what}, which is not one of the user schemas Domo documents: ${USER_SCHEMAS.join(', ')}`, 'invalidSyntax');
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
