import { InputError, InputErrors } from '../errors';
import type { Dataset, DatasetRow } from './dataset';

/**
 * Turns Domo's cells (CSV text or JSON values) into a {@link Dataset}, whichever API they came
 * through, so both ways of reading a dataset give the same strings.
 */

/** Domo column types whose values are numbers: written in one canonical form. */
const NUMERIC_TYPES: ReadonlySet<string> = new Set(['LONG', 'DOUBLE', 'DECIMAL']);

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A numeric cell of a CSV export in the form a JSON number takes: "101", "1.5" (not "1.50"), "0"
 * (not "-0"). Whole numbers keep every digit, however long; other text is left as is.
 */
export function canonicalCsvCell(text: string, type: string | undefined): string {
  if (type === undefined || !NUMERIC_TYPES.has(type)) return text;
  if (INTEGER.test(text)) return BigInt(text).toString();
  if (!DECIMAL.test(text)) return text;
  const n = Number(text);
  return Number.isFinite(n) ? String(n) : text;
}

/** A cell of a query API answer: null is '', numbers in their shortest form. */
export function jsonCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** Fails with every missing column named, and the dataset's columns listed. */
export function checkRequiredColumns(source: string, available: readonly string[], required: readonly string[] | undefined): void {
  const have = new Set(available);
  const missing = [...new Set(required ?? [])].filter((c) => !have.has(c));
  if (missing.length === 0) return;
  const errors = missing.map(
    (c) => new InputError({ file: source, field: c }, `no such column in the dataset; available columns: ${available.join(', ')}`),
  );
  throw errors.length === 1 ? errors[0]! : new InputErrors(errors);
}

/** Collects rows under a validated header; row numbers are 1-based and a row's line is row + 1 (the header is line 1). */
export class DatasetBuilder {
  readonly columns: readonly string[];
  readonly #rows: DatasetRow[] = [];

  constructor(
    readonly source: string,
    names: readonly string[],
  ) {
    this.columns = checkColumnNames(source, names);
  }

  get rowCount(): number {
    return this.#rows.length;
  }

  /** Adds the next row; `cells` are in column order. */
  add(cells: readonly string[]): void {
    const row = this.#rows.length + 1;
    if (cells.length !== this.columns.length) {
      throw new InputError(
        { file: this.source, row, line: row + 1 },
        `Domo returned ${cells.length} values for ${this.columns.length} columns`,
      );
    }
    // fromEntries defines own properties, so a column named "__proto__" stays an ordinary key.
    this.#rows.push({ row, line: row + 1, values: Object.fromEntries(this.columns.map((c, i) => [c, cells[i]!])) });
  }

  build(): Dataset {
    return { source: this.source, columns: this.columns, rows: this.#rows };
  }
}

/** Dataset columns are trimmed, non-empty and unique, as a CSV header's are. */
function checkColumnNames(source: string, names: readonly string[]): string[] {
  const trimmed = names.map((n) => n.trim());
  const seen = new Set<string>();
  trimmed.forEach((name, i) => {
    if (name === '') throw new InputError({ file: source }, `column ${i + 1} has no name; name it in Domo`);
    if (seen.has(name))
      throw new InputError({ file: source, field: name }, `two columns are called "${name}"; column names must be unique`);
    seen.add(name);
  });
  if (trimmed.length === 0) throw new InputError({ file: source }, 'the dataset has no columns');
  return trimmed;
}

/**
 * A read that does not add up fails: no row may be missing, or its user would be a leaver. Also
 * when the dataset changed while it was read (its count moved), as pages may then overlap or miss.
 */
export function checkComplete(source: string, counts: { read: number; counted: number; countedAfter?: number }): void {
  const { read, counted, countedAfter } = counts;
  if (countedAfter !== undefined && countedAfter !== counted)
    throw new InputError(
      { file: source },
      `the dataset changed while it was read: it counted ${counted} rows before and ${countedAfter} after, and ${read} were read. ` +
        'Nothing is synthesized from a partial read (a missing user would be a leaver): read it again once it is stable',
    );
  if (read !== counted)
    throw new InputError(
      { file: source },
      `the read is incomplete: ${read} rows were read but the dataset counts ${counted} rows. ` +
        'Nothing is synthesized from a partial read (a missing user would be a leaver): read it again, or snapshot it with domo-identity snapshot and check the file',
    );
}
