import { CompareOp, CompareValue, FilterNode } from './filter-parse';
import { getCI, isObject } from './json';

export { parseFilter, type CompareOp, type CompareValue, type FilterNode } from './filter-parse';

/** Options that decide how attribute values compare. */
export interface MatchOptions {
  /** Lower-cased attribute paths (as written in the filter, URN-stripped) compared case-insensitively. */
  readonly caseInsensitive: ReadonlySet<string>;
  /** Extension schema URNs whose attributes may be written `urn:...:attr`. */
  readonly schemas: readonly string[];
}

/** Does the SCIM resource satisfy the filter? */
export function matchesFilter(node: FilterNode, resource: Record<string, unknown>, options: MatchOptions): boolean {
  return evaluate(node, resource, options, '');
}

function evaluate(node: FilterNode, scope: Record<string, unknown>, options: MatchOptions, prefix: string): boolean {
  switch (node.op) {
    case 'and':
      return evaluate(node.left, scope, options, prefix) && evaluate(node.right, scope, options, prefix);
    case 'or':
      return evaluate(node.left, scope, options, prefix) || evaluate(node.right, scope, options, prefix);
    case 'not':
      return !evaluate(node.filter, scope, options, prefix);
    case '[]': {
      const { values, name } = attributeValues(scope, node.attrPath, options);
      return values.some((v) => isObject(v) && evaluate(node.filter, v, options, `${prefix}${name}.`));
    }
    case 'pr': {
      return attributeValues(scope, node.attrPath, options).values.some(
        (v) => v !== null && v !== '' && !(Array.isArray(v) && v.length === 0),
      );
    }
    default: {
      const { values, name } = attributeValues(scope, node.attrPath, options);
      const ci = options.caseInsensitive.has(`${prefix}${name}`.toLowerCase());
      // RFC 7644: "ne" also matches when the attribute has no value at all.
      if (node.op === 'ne') return !values.some((v) => compare('eq', v, node.value, ci));
      return values.some((v) => compare(node.op, v, node.value, ci));
    }
  }
}

/** Values at a path, flattening multi-valued attributes; `name` is the path without its schema URN. */
export function attributeValues(
  scope: Record<string, unknown>,
  attrPath: string,
  options: MatchOptions,
): { values: unknown[]; name: string } {
  let root: unknown = scope;
  let name = attrPath;
  const schema = options.schemas.find((s) => attrPath.toLowerCase().startsWith(`${s.toLowerCase()}:`));
  if (schema) {
    root = getCI(scope, schema);
    name = attrPath.slice(schema.length + 1);
  }
  let values: unknown[] = [root];
  for (const part of name.split('.')) {
    values = values.flatMap((v) => {
      const child = isObject(v) ? getCI(v, part) : undefined;
      if (child === undefined) return [];
      return Array.isArray(child) ? child : [child];
    });
  }
  return { values, name };
}

function compare(op: CompareOp, actual: unknown, expected: CompareValue, caseInsensitive: boolean): boolean {
  if (expected === null) return op === 'eq' ? actual === null : false;
  if (typeof expected === 'boolean') return op === 'eq' && actual === expected;
  if (typeof expected === 'number') {
    const n = typeof actual === 'number' ? actual : NaN;
    return numericCompare(op, n, expected);
  }
  if (typeof actual !== 'string') return false;
  const a = caseInsensitive ? actual.toLowerCase() : actual;
  const e = caseInsensitive ? expected.toLowerCase() : expected;
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return a.includes(e);
    case 'sw':
      return a.startsWith(e);
    case 'ew':
      return a.endsWith(e);
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
  }
}

function numericCompare(op: CompareOp, a: number, e: number): boolean {
  if (Number.isNaN(a)) return false;
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    default:
      return false;
  }
}
