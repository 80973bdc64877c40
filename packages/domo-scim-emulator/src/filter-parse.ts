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
