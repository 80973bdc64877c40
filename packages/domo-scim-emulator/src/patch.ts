import { CORE_USER, CUSTOM_USER, PATCH_OP } from './contract';
import { FilterNode, parseFilter } from './filter';
import { getCI, isObject } from './json';
import { badRequest } from './scim-errors';
import { SeedUser } from './seed';
import { EmulatorStore } from './store';
import { USER_EXTENSIONS } from './user-resource';
import { finalizeUser } from './user-rules';
import { applyChanges, customValues, emptyChanges, READ_ONLY, readScimUser, UserChanges, WRITERS } from './user-writes';

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

/** Applies a PatchOp to a user; `active` is set when the operations wrote it. */
export function applyPatch(store: EmulatorStore, prev: SeedUser, body: unknown): { user: SeedUser; active?: boolean } {
  let current = prev;
  let active: boolean | undefined;
  const named = new Set<string>();
  for (const operation of readPatchRequest(body)) {
    const changes = operationChanges(operation);
    current = applyChanges(current, changes);
    for (const key of Object.keys(changes.custom)) named.add(key);
    if (changes.active !== undefined) active = changes.active;
  }
  return { user: finalizeUser(store, prev, current, named), active };
}

const PATH = /^([A-Za-z][\w$-]*)(?:\[(.*)\])?(?:\.([A-Za-z][\w$-]*))?$/s;
/** Complex single-valued attributes whose sub-attribute may be a path target. */
const SUB_PATHS = new Set(['manager', 'name']);

function operationChanges({ op, path, value }: PatchOperation): UserChanges {
  const merge = op === 'add';
  if (path === undefined) {
    if (op === 'remove') throw badRequest('A remove operation needs a "path"', 'noTarget');
    if (!isObject(value)) throw badRequest('An operation without "path" needs an object "value"', 'invalidValue');
    // Without a path the value is merged attribute by attribute, whatever the op.
    return readScimUser(value, true);
  }
  const { schema, rest } = splitSchema(path);
  const changes = emptyChanges();
  if (rest === '') {
    if (op === 'remove') {
      for (const writer of Object.values(WRITERS[schema]!)) writer(changes, null, false);
      return changes;
    }
    if (!isObject(value)) throw badRequest(`"${path}" needs an object value`, 'invalidValue');
    return readScimUser({ [schema]: value }, merge);
  }
  const m = PATH.exec(rest);
  if (!m) throw badRequest(`Invalid path "${path}"`, 'invalidPath');
  const [, attr, filter, sub] = m as unknown as [string, string, string | undefined, string | undefined];
  const name = attr.toLowerCase();
  if (READ_ONLY.has(name) && schema === CORE_USER) throw badRequest(`"${attr}" is read-only`, 'mutability');
  const writer = WRITERS[schema]![name];
  if (!writer) throw badRequest(`Unsupported path "${path}"`, 'invalidPath');

  if (filter !== undefined) {
    writeFiltered(changes, path, schema, name, filter, sub, op, value);
  } else if (sub !== undefined) {
    if (!SUB_PATHS.has(name)) throw badRequest(`Unsupported path "${path}"`, 'invalidPath');
    writer(changes, op === 'remove' ? null : { [sub]: value }, merge);
  } else {
    writer(changes, op === 'remove' ? null : value, merge);
  }
  return changes;
}

function splitSchema(path: string): { schema: string; rest: string } {
  const lower = path.toLowerCase();
  for (const schema of [CORE_USER, ...USER_EXTENSIONS]) {
    const urn = schema.toLowerCase();
    if (lower === urn) return { schema, rest: '' };
    if (lower.startsWith(`${urn}:`)) return { schema, rest: path.slice(urn.length + 1) };
  }
  return { schema: CORE_USER, rest: path };
}

/** Value paths: `customAttributes[key eq "k"]`, `emails[type eq "alternate"].value`, `phoneNumbers[type eq "mobile"]`. */
function writeFiltered(
  changes: UserChanges,
  path: string,
  schema: string,
  name: string,
  filter: string,
  sub: string | undefined,
  op: PatchOpName,
  value: unknown,
): void {
  const unsupported = () => badRequest(`Unsupported value path "${path}"`, 'invalidPath');
  if (schema === CUSTOM_USER) {
    const key = equalityTarget(parseFilter(filter), 'key');
    if (key === undefined || (sub !== undefined && sub.toLowerCase() !== 'values')) throw unsupported();
    changes.custom[key] = op === 'remove' ? [] : customValues(value, key);
    return;
  }
  if (name !== 'emails' && name !== 'phonenumbers') throw unsupported();
  const type = equalityTarget(parseFilter(filter), 'type');
  if (type === undefined || (sub !== undefined && sub.toLowerCase() !== 'value')) throw unsupported();
  const itemValue = op === 'remove' ? null : sub !== undefined ? value : isObject(value) ? getCI(value, 'value') : value;
  WRITERS[CORE_USER]![name]!(changes, [{ type, value: itemValue }], true);
}

/** The string of a filter of the form `<attr> eq "<string>"`. */
function equalityTarget(node: FilterNode, attr: string): string | undefined {
  if (node.op !== 'eq' || node.attrPath.toLowerCase() !== attr || typeof node.value !== 'string') return undefined;
  return node.value;
}
