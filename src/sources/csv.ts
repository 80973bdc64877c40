import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { ConfigError, InputError } from '../errors';
import type { Dataset, DatasetRow } from './dataset';

export interface CsvOptions {
  /**
   * Field separator, e.g. `';'` or `'\t'`.
   * @default ','
   */
  readonly delimiter?: string;
}

/**
 * Parses CSV text whose first record is the header. Cells are kept as written; header names are
 * trimmed. Blank (or whitespace-only) lines are skipped. Every malformed record is reported as an
 * {@link InputError} with the file, data row and line, never as a raw csv-parse error.
 */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): Dataset {
  const delimiter = checkDelimiter(options.delimiter ?? ',');
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const lines = new LineCounter(body);
  let columns: string[] | undefined;
  const rows: DatasetRow[] = [];
  let consumed = 0; // bytes up to the end of the last record csv-parse emitted

  try {
    parse(body, {
      delimiter,
      // Checked below, so the error can name the row and the line where the record starts.
      relax_column_count: true,
      skip_empty_lines: true,
      on_record: (fields: string[], info) => {
        const line = lines.startLine(consumed);
        consumed = info.bytes;
        if (columns === undefined) {
          columns = checkHeader(fields, source);
        } else if (!isBlank(fields)) {
          rows.push(toRow(fields, columns, { file: source, row: rows.length + 1, line }, delimiter));
        }
        return null; // rows are collected here; csv-parse need not keep them
      },
    });
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    const line = lines.startLine(consumed);
    throw new InputError(
      columns === undefined ? { file: source, line } : { file: source, row: rows.length + 1, line },
      describeCsvError(err),
    );
  }
  if (columns === undefined) {
    throw new InputError({ file: source }, 'the file is empty; the first line must be a header row naming the columns');
  }
  return { source, columns, rows };
}

/** Reads a UTF-8 CSV file; see {@link parseCsv}. */
export function readCsvFile(file: string, options: CsvOptions = {}): Dataset {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const problem =
      code === 'ENOENT'
        ? `file not found (relative paths are resolved from ${process.cwd()})`
        : code === 'EISDIR'
          ? 'is a directory; expected a CSV file'
          : `cannot read the file: ${(err as Error).message}`;
    throw new InputError({ file }, problem);
  }
  return parseCsv(text, file, options);
}

function checkDelimiter(delimiter: string): string {
  if (delimiter === '' || /["\r\n]/.test(delimiter)) {
    throw new ConfigError(
      `CSV delimiter ${JSON.stringify(delimiter)} is invalid: use a character such as "," ";" or "\\t" (not a quote or newline)`,
    );
  }
  return delimiter;
}

function checkHeader(fields: string[], file: string): string[] {
  const names = fields.map((f) => f.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      throw new InputError({ file, line: 1 }, `header column ${i + 1} has no name; give every column a name`);
    }
    const first = seen.get(name);
    if (first !== undefined) {
      throw new InputError(
        { file, field: name },
        `column "${name}" appears twice in the header (columns ${first + 1} and ${i + 1}); column names must be unique`,
      );
    }
    seen.set(name, i);
  });
  return names;
}

// skip_empty_lines only skips truly empty lines; a line of spaces is one whitespace field.
function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

function toRow(
  fields: string[],
  columns: readonly string[],
  at: { file: string; row: number; line: number },
  delimiter: string,
): DatasetRow {
  if (fields.length !== columns.length) {
    throw new InputError(
      at,
      `expected ${columns.length} fields (one per header column) but found ${fields.length}; ` +
        `quote values that contain ${JSON.stringify(delimiter)} and check for missing or extra delimiters`,
    );
  }
  // fromEntries defines own properties, so a column named "__proto__" stays an ordinary key.
  return { row: at.row, line: at.line, values: Object.fromEntries(columns.map((c, i) => [c, fields[i]!])) };
}

function describeCsvError(err: CsvError): string {
  switch (err.code) {
    case 'INVALID_OPENING_QUOTE':
      return 'a quote (") appears inside an unquoted field; quote the whole field and double the inner quotes ("")';
    case 'CSV_INVALID_CLOSING_QUOTE':
    case 'CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE':
      return 'a quoted field has text after its closing quote; double quotes inside a quoted field ("")';
    case 'CSV_QUOTE_NOT_CLOSED':
      return 'a quoted field is never closed; add the missing closing quote (")';
    default:
      return `malformed CSV (${err.code}): ${err.message}`;
  }
}

const LF = 0x0a;
const CR = 0x0d;

/**
 * Maps csv-parse's byte offsets to line numbers. Its own `lines` counter counts a CRLF inside a
 * quoted field as two lines, so it cannot be trusted for CRLF files.
 */
class LineCounter {
  private readonly bytes: Buffer;
  private pos = 0;
  private line = 1;

  constructor(text: string) {
    this.bytes = Buffer.from(text, 'utf8');
  }

  /** The line of the next record starting at or after `offset`. Offsets must not decrease. */
  startLine(offset: number): number {
    const b = this.bytes;
    let start = offset;
    while (start < b.length && (b[start] === LF || b[start] === CR)) start++; // skipped empty lines
    for (; this.pos < start; this.pos++) {
      if (b[this.pos] === LF || (b[this.pos] === CR && b[this.pos + 1] !== LF)) this.line++;
    }
    return this.line;
  }
}
