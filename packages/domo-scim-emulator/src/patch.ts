import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER, PATCH_OP } from './contract';
import { parseFilter } from './filter';
import { getCI, isObject } from './json';
import { badRequest } from './scim-errors';
import { SeedUser } from './seed';
import { EmulatorStore } from './store';
import { finalizeUser } from './user-rules';
import { applyChanges, customValues, emptyChanges, UserChanges, WRITERS } from './user-writes';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  readonly op: PatchOpName;
  readonly path?: string;
  readonly value?: unknown;
}

/**
 * How op names are matched. `any`: the contract's Users section says Domo accepts any casing
 * ("Replace", "replace"). `exact`: its Groups section documents only `Replace|Add|Remove` and
 * is otherwise case-sensitive (paths), so the local service accepts only those spellings there:
 * a client that passes here then works whichever way Domo really matches them.
 */
export type OpNameCase = 'any' | 'exact';

const EXACT_OP_NAMES: ReadonlySet<unknown> = new Set(['Add', 'Replace', 'Remove']);

/** Validates a PatchOp message; op names are returned lower-cased. */
export function readPatchRequest(body: unknown, opCase: OpNameCase = 'any'): PatchOperation[] {
  if (!isObject(body)) throw badRequest('The body must be a PatchOp message object', 'invalidSyntax');
  const schemas = getCI(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(PATCH_OP)) throw badRequest(`"schemas" must contain "${PATCH_OP}"`, 'invalidSyntax');
  const operations = getCI(body, 'Operations');
  if (!Array.isArray(operations) || operations.length === 0) throw badRequest('"Operations" must be a non-empty list', 'invalidSyntax');
  return operations.map((raw, i) => {
    if (!isObject(raw)) throw badRequest(`Operations[${i}] must be an object`, 'invalidSyntax');
    const op = getCI(raw, 'op');
    const name = typeof op === 'string' ? op.toLowerCase() : '';
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      throw badRequest(`Operations[${i}].op must be add, replace or remove, got ${JSON.stringify(op)}`, 'invalidSyntax');
    }
    if (opCase === 'exact' && !EXACT_OP_NAMES.has(op)) {
      const written = `${name.charAt(0).toUpperCase()}${name.slice(1)}`;
      throw badRequest(
        `Operations[${i}].op must be written "${written}", got ${JSON.stringify(op)}: group operations are Replace, Add or Remove, exactly`,
        'invalidSyntax',
      );
    }
    const path = getCI(raw, 'path');
    if (path !== undefined && typeof path !== 'string') throw badRequest(`Operations[${i}].path must be a string`, 'invalidPath');
    return { op: name, path: path === '' ? undefined : path, value: getCI(raw, 'value') };
  });
}

/**
 * The user PATCH paths the contract documents ("Request forms we send"), exactly as written, with
 * the attribute each one writes. Domo documents no others, and refuses a whole PatchOp when one
 * operation is refused, so this service refuses every other form: a client that passes here sends
 * only forms Domo is known to take. `active` is in the list because the contract documents that
 * PATCHing it to false deletes the user.
 */
const USER_PATHS: ReadonlyMap<string, { readonly schema: string; readonly attribute: string }> = new Map(
  (
    [
      [CORE_USER, ['displayName', 'title', 'locale', 'timezone', 'active', 'roles', 'emails', 'phoneNumbers']],
      [ENTERPRISE_USER, ['department', 'manager', 'employeeNumber', 'organization']],
      [DOMO_USER, ['hireDate', 'employeeLocation']],
    ] as const
  ).flatMap(([schema, attributes]) =>
    attributes.map((attribute) => [schema === CORE_USER ? attribute : `${schema}:${attribute}`, { schema, attribute }] as const),
  ),
);

/** Multi-valued attributes: the contract documents only replacing them whole, with every entry. */
const REPLACED_WHOLE = new Set(['roles', 'emails', 'phoneNumbers']);

/** `urn:…:custom:2.0:User:customAttributes[key eq "K"]`, the one documented value path. */
const CUSTOM_PREFIX = `${CUSTOM_USER}:customAttributes[`;
const CUSTOM_FORM = `${CUSTOM_PREFIX}key eq "K"]`;

/** Refused forms answer 400 invalidPath naming the operation, the path and what to send instead. */
const refused = (at: string, detail: string) => badRequest(`${at}: ${detail}`, 'invalidPath');
const documentedList = () => [...USER_PATHS.keys(), CUSTOM_FORM].join(', ');

/** Applies a PatchOp to a user; `active` is set when the operations wrote it. Nothing is stored here. */
export function applyPatch(store: EmulatorStore, prev: SeedUser, body: unknown): { user: SeedUser; active?: boolean } {
  // Every operation is checked before any is applied, so a refused one leaves the user as it was.
  const changes = readPatchRequest(body).map((operation, i) => operationChanges(operation, `Operations[${i}]`));
  let current = prev;
  let active: boolean | undefined;
  const named = new Set<string>();
  for (const change of changes) {
    current = applyChanges(current, change);
    for (const key of Object.keys(change.custom)) named.add(key);
    if (change.active !== undefined) active = change.active;
  }
  return { user: finalizeUser(store, prev, current, named), active };
}

function operationChanges({ op, path, value }: PatchOperation, at: string): UserChanges {
  if (path === undefined) {
    throw refused(at, `"path" is required: Domo documents user PATCH operations only with one of these paths: ${documentedList()}`);
  }
  const changes = emptyChanges();
  if (path.startsWith(CUSTOM_PREFIX) && path.endsWith(']')) {
    const key = customKey(path.slice(CUSTOM_PREFIX.length, -1), path, at);
    changes.custom[key] = op === 'remove' ? [] : customValues(value, key);
    return changes;
  }
  const target = USER_PATHS.get(path);
  if (!target) throw refused(at, undocumentedPath(path));
  if (REPLACED_WHOLE.has(target.attribute) && op !== 'replace') {
    throw refused(
      at,
      `"${path}" is replaced whole: send {"op": "replace", "path": "${path}", "value": [...every entry...]}; "${op}" is not documented for it`,
    );
  }
  WRITERS[target.schema]![target.attribute.toLowerCase()]!(changes, op === 'remove' ? null : value);
  return changes;
}

/** The K of `key eq "K"`; anything else inside the brackets is refused. */
function customKey(inner: string, path: string, at: string): string {
  const wrong = () => refused(at, `path "${path}" is not documented; the custom attribute path is ${CUSTOM_FORM}`);
  let filter;
  try {
    filter = parseFilter(inner);
  } catch {
    throw wrong();
  }
  if (filter.op !== 'eq' || filter.attrPath !== 'key' || typeof filter.value !== 'string') throw wrong();
  return filter.value;
}

/** Why a path is refused, with the documented path it probably meant. */
function undocumentedPath(path: string): string {
  const sameButCase = [...USER_PATHS.keys()].find((p) => p.toLowerCase() === path.toLowerCase());
  if (sameButCase) return `path "${path}" must be written "${sameButCase}", as Domo documents it`;
  const base = /^([A-Za-z]+)[[.]/.exec(path)?.[1];
  if (base === 'emails' || base === 'phoneNumbers') {
    return (
      `path "${path}" is not documented by Domo (value filters and sub-attributes are not): replace the whole list, ` +
      `{"op": "replace", "path": "${base}", "value": [...every entry, the ones you do not manage included...]}`
    );
  }
  return `path "${path}" is not a user PATCH path Domo documents; use one of: ${documentedList()}`;
}
