import { ConfigError } from '../errors';

/**
 * A dataset cell holds either one value (`FS-101`) or a bracketed list (`[FS-101, FS-201]`).
 * Brackets are what mark a list, so a single value may contain the separator (`Tacos, Express`).
 * Values are plain text: `${...}` or `%{...}` is never interpreted here.
 */
export interface MultiValueOptions {
  /**
   * Separates the values inside brackets, e.g. `'|'` for `[a| b]`.
   * @default ','
   */
  readonly separator?: string;
}

/** A cell that is not one value, an empty cell or a well-formed list; `problem` says which and how to write it. */
export class CellValueError extends Error {
  override readonly name = 'CellValueError';
  constructor(
    readonly cell: string,
    readonly problem: string,
  ) {
    super(`cell ${JSON.stringify(cell)} ${problem}`);
  }
}

/**
 * `''` -> `[]`, `'x'` -> `['x']`, `'[a, b]'` -> `['a', 'b']`, `'[]'` -> `[]`; values trimmed.
 * A cell is a list exactly when it starts with `[`, and then it must end with `]`; a single value
 * may hold brackets (`Store [North]`) but not end with an unmatched `]`. Throws a
 * {@link CellValueError} for an unbalanced cell (`[North, East`, `North]`) and for an empty item in
 * a list (`[a,,b]`, `[a, ]`), rather than reading a value that is not what the author meant.
 * Items of a list may hold brackets: `[[x]` is `['[x']`.
 */
export function parseCellValues(cell: string, options: MultiValueOptions = {}): string[] {
  const separator = checkSeparator(options.separator);
  const text = cell.trim();
  if (text === '') return [];
  const list = `write several values as [a${separator} b], one value plainly`;
  if (!text.startsWith('[')) {
    if (text.endsWith(']') && count(text, '[') < count(text, ']'))
      throw new CellValueError(cell, `ends with "]" without a matching "["; ${list}`);
    return [text];
  }
  if (!text.endsWith(']')) throw new CellValueError(cell, `starts with "[" but does not end with "]"; ${list}`);
  const inner = text.slice(1, -1);
  if (inner.trim() === '') return [];
  const items = inner.split(separator).map((v) => v.trim());
  const empty = items.indexOf('');
  if (empty !== -1) {
    throw new CellValueError(
      cell,
      `has an empty value (item ${empty + 1} of ${items.length}); remove the extra ${JSON.stringify(separator)} or write the value`,
    );
  }
  return items;
}

/**
 * The inverse of {@link parseCellValues}. Throws when a value would not read back unchanged
 * (empty, surrounded by whitespace, or containing the separator in a list) rather than
 * silently writing a different value.
 */
export function formatCellValues(values: readonly string[], options: MultiValueOptions = {}): string {
  const separator = checkSeparator(options.separator);
  // A single value starting with "[" or ending with "]" is written as a list of one, so it reads back as itself.
  const asList = values.length > 1 || (values.length === 1 && (values[0]!.startsWith('[') || values[0]!.endsWith(']')));
  for (const value of values) {
    if (value === '' || value.trim() !== value || (asList && value.includes(separator))) {
      throw new Error(
        `cannot write value ${JSON.stringify(value)} to a dataset cell: values must be non-empty, ` +
          `without surrounding whitespace, and without ${JSON.stringify(separator)} when a cell holds a list`,
      );
    }
  }
  if (!asList) return values[0] ?? '';
  return `[${values.join(`${separator} `)}]`;
}

function count(text: string, c: string): number {
  return text.split(c).length - 1;
}

function checkSeparator(separator = ','): string {
  if (separator.trim() === '' || /[[\]]/.test(separator)) {
    throw new ConfigError(
      `multi-value separator ${JSON.stringify(separator)} is invalid: use a visible character such as "," or "|" (not a bracket)`,
    );
  }
  return separator;
}
