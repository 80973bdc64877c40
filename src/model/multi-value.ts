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

/** `''` -> `[]`, `'x'` -> `['x']`, `'[a, b]'` -> `['a', 'b']`; values trimmed, empties dropped. */
export function parseCellValues(cell: string, options: MultiValueOptions = {}): string[] {
  const separator = checkSeparator(options.separator);
  const text = cell.trim();
  if (text === '') return [];
  if (!(text.startsWith('[') && text.endsWith(']'))) return [text];
  return text
    .slice(1, -1)
    .split(separator)
    .map((v) => v.trim())
    .filter((v) => v !== '');
}

/**
 * The inverse of {@link parseCellValues}. Throws when a value would not read back unchanged
 * (empty, surrounded by whitespace, or containing the separator in a list) rather than
 * silently writing a different value.
 */
export function formatCellValues(values: readonly string[], options: MultiValueOptions = {}): string {
  const separator = checkSeparator(options.separator);
  const asList = values.length > 1 || (values.length === 1 && values[0]!.startsWith('['));
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

function checkSeparator(separator = ','): string {
  if (separator.trim() === '' || /[[\]]/.test(separator)) {
    throw new ConfigError(
      `multi-value separator ${JSON.stringify(separator)} is invalid: use a visible character such as "," or "|" (not a bracket)`,
    );
  }
  return separator;
}
