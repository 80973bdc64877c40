import { CORE_GROUP, DOMO_GROUP } from './contract';
import { getCI, isObject } from './json';
import { badRequest, EmulatorHttpError } from './scim-errors';
import { SeedGroup } from './seed';
import { EmulatorStore } from './store';

/** What a POST or PUT sets: the whole group but its id. */
export type GroupFields = Omit<SeedGroup, 'id'>;

/** How many unknown ids an error names; a bad batch of 500 needs no 500-id message to be understood. */
const MAX_LISTED_IDS = 20;

/** Reads a POST/PUT body. Members must be existing users; unknown attributes are ignored. */
export function readScimGroup(store: EmulatorStore, body: unknown): GroupFields {
  if (!isObject(body)) throw badRequest('The body must be a SCIM Group object', 'invalidSyntax');
  const schemas = getCI(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(CORE_GROUP)) throw badRequest(`"schemas" must contain "${CORE_GROUP}"`, 'invalidSyntax');
  const raw = getCI(body, 'displayName');
  if (raw === undefined || raw === null) throw badRequest('"displayName" is required', 'invalidValue');
  const ext = getCI(body, DOMO_GROUP) ?? {};
  if (!isObject(ext)) throw badRequest(`"${DOMO_GROUP}" must be an object`, 'invalidValue');
  const members = memberValues(getCI(body, 'members') ?? [], 'members');
  assertUsers(store, members);
  return {
    displayName: displayNameValue(raw, 'displayName'),
    ...optionalText('domoDisplayName', getCI(ext, 'domoDisplayName')),
    ...optionalText('description', getCI(ext, 'description')),
    members: [...new Set(members)],
  };
}

export function displayNameValue(value: unknown, label: string): string {
  if (typeof value !== 'string' || value.trim() === '')
    throw badRequest(`"${label}" must be a non-blank string, got ${JSON.stringify(value ?? null)}`, 'invalidValue');
  return value;
}

/** `{ [field]: value }`, or `{}` when there is no value; an empty string is no value. */
export function optionalText<K extends 'domoDisplayName' | 'description'>(field: K, value: unknown): Partial<Record<K, string>> {
  if (value === undefined || value === null || value === '') return {};
  if (typeof value !== 'string') throw badRequest(`"${field}" must be a string, got ${JSON.stringify(value)}`, 'invalidValue');
  return { [field]: value } as Partial<Record<K, string>>;
}

/** The user ids of a `members` value, `[{ value: id }]`; `$ref`, `display` and `type` are ignored, as in Domo. */
export function memberValues(value: unknown, label: string): string[] {
  if (!Array.isArray(value)) throw badRequest(`"${label}" must be a list of {"value": <user id>}`, 'invalidValue');
  return value.map((item, i) => {
    const id = isObject(item) ? getCI(item, 'value') : undefined;
    if (typeof id === 'string' && id !== '') return id;
    if (typeof id === 'number' && Number.isSafeInteger(id)) return String(id);
    throw badRequest(`"${label}[${i}]" must be {"value": <Domo user id>}, got ${JSON.stringify(item)}`, 'invalidValue');
  });
}

/** Throws 400 invalidValue naming the ids that are not users. */
export function assertUsers(store: EmulatorStore, ids: Iterable<string>): void {
  const unknown = new Set<string>();
  for (const id of ids) if (store.userNameOf(id) === undefined) unknown.add(id);
  if (unknown.size === 0) return;
  const listed = [...unknown].slice(0, MAX_LISTED_IDS);
  const more = unknown.size > listed.length ? ` and ${unknown.size - listed.length} more` : '';
  throw badRequest(
    `Unknown user id(s) in members: ${listed.join(', ')}${more}. Members must be existing Domo user ids; nothing was changed.`,
    'invalidValue',
  );
}

/** displayName is unique across groups, compared case-insensitively. */
export function assertUniqueName(store: EmulatorStore, displayName: string, id: string | undefined): void {
  const clash = store.findGroupByDisplayName(displayName);
  if (clash && clash.id !== id) {
    throw new EmulatorHttpError(
      409,
      `displayName "${displayName}" is already used by group ${clash.id} (compared case-insensitively)`,
      'uniqueness',
    );
  }
}
