import { getCI, isObject } from './json';
import { badRequest } from './scim-errors';

/** Parsed SCIM filter (RFC 7644 section 3.4.2.2). */
export type FilterNode =
  | { op: 'and' | 'or'; left: FilterNode; right: FilterNode }
  | { op: 'not'; filter: FilterNode }
  | { op: 'pr'; attrPath: string }
  | { op: CompareOp; attrPath: string; value: CompareValue }
  | { op: '[]'; attrPath: string; filter: FilterNode };

export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export type CompareValue = string | number | boolean | null;

const COMPARE_OPS = new Set(['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le']);

type Token =
  { kind: 'punct'; text: '(' | ')' | '[' | ']' } | { kind: 'string'; value: string; text: string } | { kind: 'word'; text: string };

function invalid(detail: string) {
  return badRequest(`Invalid filter: ${detail}`, 'invalidFilter');
}

function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i]!;
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === '[' || c === ']') {
      tokens.push({ kind: 'punct', text: c });
      i++;
    } else if (c === '"') {
      let j = i + 1;
      while (j < input.length && input[j] !== '"') j += input[j] === '\\' ? 2 : 1;
      if (j >= input.length) throw invalid(`unterminated string starting at position ${i + 1}`);
      const text = input.slice(i, j + 1);
      let value: string;
      try {
        // JSON string escapes are exactly SCIM's (\" \\ \uXXXX ...).
        value = JSON.parse(text) as string;
      } catch {
        throw invalid(`bad escape in string ${text}`);
      }
      tokens.push({ kind: 'string', value, text });
      i = j + 1;
    } else {
      const m = /^[^\s()[\]"]+/.exec(input.slice(i))!;
      tokens.push({ kind: 'word', text: m[0] });
      i += m[0].length;
    }
  }
  return tokens;
}

class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  parse(): FilterNode {
    if (this.tokens.length === 0) throw invalid('the filter is empty');
    const node = this.or();
    const extra = this.tokens[this.pos];
    if (extra) throw invalid(`unexpected "${extra.text}"`);
    return node;
  }

  private or(): FilterNode {
    let left = this.and();
    while (this.keyword('or')) left = { op: 'or', left, right: this.and() };
    return left;
  }

  private and(): FilterNode {
    let left = this.unary();
    while (this.keyword('and')) left = { op: 'and', left, right: this.unary() };
    return left;
  }

  private unary(): FilterNode {
    if (this.keyword('not')) {
      this.expect('(');
      const filter = this.or();
      this.expect(')');
      return { op: 'not', filter };
    }
    if (this.punct('(')) {
      const inner = this.or();
      this.expect(')');
      return inner;
    }
    return this.attrExpression();
  }

  private attrExpression(): FilterNode {
    const t = this.next('an attribute name');
    if (t.kind !== 'word' || !/^[A-Za-z][\w:.$-]*$/.test(t.text)) throw invalid(`expected an attribute name, got "${t.text}"`);
    const attrPath = t.text;
    if (this.punct('[')) {
      const filter = this.or();
      this.expect(']');
      return { op: '[]', attrPath, filter };
    }
    const opToken = this.next(`an operator after "${attrPath}"`);
    const op = opToken.text.toLowerCase();
    if (opToken.kind === 'word' && op === 'pr') return { op: 'pr', attrPath };
    if (opToken.kind !== 'word' || !COMPARE_OPS.has(op)) throw invalid(`unknown operator "${opToken.text}"`);
    return { op: op as CompareOp, attrPath, value: this.compareValue() };
  }

  private compareValue(): CompareValue {
    const t = this.next('a value');
    if (t.kind === 'string') return t.value;
    if (t.kind === 'word') {
      const lower = t.text.toLowerCase();
      if (lower === 'true') return true;
      if (lower === 'false') return false;
      if (lower === 'null') return null;
      if (/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(t.text)) return Number(t.text);
    }
    throw invalid(`"${t.text}" is not a value (quote strings with ")`);
  }

  private next(what: string): Token {
    const t = this.tokens[this.pos++];
    if (!t) throw invalid(`expected ${what} at the end`);
    return t;
  }

  private keyword(word: string): boolean {
    const t = this.tokens[this.pos];
    if (t?.kind === 'word' && t.text.toLowerCase() === word) {
      this.pos++;
      return true;
    }
    return false;
  }

  private punct(text: string): boolean {
    const t = this.tokens[this.pos];
    if (t?.kind === 'punct' && t.text === text) {
      this.pos++;
      return true;
    }
    return false;
  }

  private expect(text: string): void {
    if (!this.punct(text)) throw invalid(`expected "${text}"`);
  }
}

/** Parses a SCIM filter; throws a 400 invalidFilter EmulatorHttpError when malformed. */
export function parseFilter(filter: string): FilterNode {
  return new Parser(tokenize(filter)).parse();
}

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
