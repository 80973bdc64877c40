import { readFileSync } from 'node:fs';
import { CsvError, parse } from 'csv-parse/sync';
import { ConfigError, InputError, InputErrors, type InputLocation } from '../errors';
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
 * {@link InputError} with the file, data row, the line where the record starts and, for a syntax
 * error, the column, never as a raw csv-parse error. The whole file is checked: parsing resumes
 * after a malformed record, and several problems are thrown together as {@link InputErrors}.
 */
export function parseCsv(text: string, source: string, options: CsvOptions = {}): Dataset {
  const delimiter = checkDelimiter(options.delimiter ?? ',');
  const body = Buffer.from(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, 'utf8');
  const lines = new LineCounter(body);
  const problems: InputError[] = [];
  let columns: string[] | undefined;
  const rows: DatasetRow[] = [];
  let records = 0; // data records, well-formed or not: the row number people count
  let offset = 0; // where the current csv-parse run starts
  let consumed = 0; // bytes up to the end of the last record csv-parse emitted

  while (offset < body.length) {
    try {
      parse(body.subarray(offset), {
        delimiter,
        // Checked below, so the error can name the row and the line where the record starts.
        relax_column_count: true,
        skip_empty_lines: true,
        on_record: (fields: string[], info) => {
          const line = lines.startLine(consumed);
          consumed = offset + info.bytes;
          if (columns === undefined) {
            columns = readHeader(fields, source, problems);
          } else if (!isBlank(fields)) {
            const at = { file: source, row: ++records, line };
            if (fields.length === columns.length) rows.push(toRow(fields, columns, at));
            else problems.push(fieldCountError(fields, columns, at, delimiter));
          }
          return null; // rows are collected here; csv-parse need not keep them
        },
      });
      break;
    } catch (err) {
      if (!(err instanceof CsvError)) throw err;
      const line = lines.startLine(consumed);
      // A header that cannot be read leaves nothing to name the columns by: report it alone.
      if (columns === undefined) throw new InputError({ file: source, line }, describeCsvError(err));
      const field = typeof err.column === 'number' ? columns[err.column] : undefined;
      problems.push(
        new InputError({ file: source, row: ++records, line, ...(field !== undefined ? { field } : {}) }, describeCsvError(err)),
      );
      // Resume with the record after the malformed one.
      offset = consumed = endOfRecord(body, recordStart(body, consumed), Buffer.from(delimiter, 'utf8'));
    }
  }
  if (columns === undefined) {
    throw new InputError({ file: source }, 'the file is empty; the first line must be a header row naming the columns');
  }
  if (problems.length === 1) throw problems[0]!;
  if (problems.length > 1) throw new InputErrors(problems);
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

/** The trimmed column names; unnamed and repeated columns are reported, and the rows are still checked. */
function readHeader(fields: string[], file: string, problems: InputError[]): string[] {
  const names = fields.map((f) => f.trim());
  const seen = new Map<string, number>();
  names.forEach((name, i) => {
    if (name === '') {
      problems.push(new InputError({ file, line: 1 }, `header column ${i + 1} has no name; give every column a name`));
      return;
    }
    const first = seen.get(name);
    if (first !== undefined) {
      problems.push(
        new InputError(
          { file, field: name },
          `column "${name}" appears twice in the header (columns ${first + 1} and ${i + 1}); column names must be unique`,
        ),
      );
      return;
    }
    seen.set(name, i);
  });
  return names;
}

// skip_empty_lines only skips truly empty lines; a line of spaces is one whitespace field.
function isBlank(fields: string[]): boolean {
  return fields.length === 1 && fields[0]!.trim() === '';
}

function toRow(fields: string[], columns: readonly string[], at: { row: number; line: number }): DatasetRow {
  // fromEntries defines own properties, so a column named "__proto__" stays an ordinary key.
  return { row: at.row, line: at.line, values: Object.fromEntries(columns.map((c, i) => [c, fields[i]!])) };
}

function fieldCountError(fields: string[], columns: readonly string[], at: InputLocation, delimiter: string): InputError {
  return new InputError(
    at,
    `expected ${columns.length} fields (one per header column) but found ${fields.length}; ` +
      `quote values that contain ${JSON.stringify(delimiter)} and check for missing or extra delimiters`,
  );
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
const QUOTE = 0x22;

/** The first byte at or after `offset` that is not a line break: where the next record starts. */
function recordStart(bytes: Buffer, offset: number): number {
  let i = offset;
  while (i < bytes.length && (bytes[i] === LF || bytes[i] === CR)) i++;
  return i;
}

/**
 * Where the record starting at `start` ends (after its line break), read leniently so that parsing
 * can resume after a malformed record: a quote opens a quoted field only at the start of a field, a
 * line break ends the record outside quotes, and a quoted field never closed runs to the end.
 */
function endOfRecord(bytes: Buffer, start: number, delimiter: Buffer): number {
  let fieldStart = true;
  let quoted = false;
  for (let i = start; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (quoted) {
      if (b !== QUOTE) continue;
      if (bytes[i + 1] === QUOTE)
        i++; // an escaped quote
      else quoted = false;
    } else if (b === LF || b === CR) {
      return b === CR && bytes[i + 1] === LF ? i + 2 : i + 1;
    } else if (bytes.subarray(i, i + delimiter.length).equals(delimiter)) {
      i += delimiter.length - 1;
      fieldStart = true;
      continue;
    } else if (b === QUOTE && fieldStart) {
      quoted = true;
    }
    fieldStart = false;
  }
  return bytes.length;
}

/**
 * Maps csv-parse's byte offsets to line numbers. Its own `lines` counter counts a CRLF inside a
 * quoted field as two lines, so it cannot be trusted for CRLF files.
 */
class LineCounter {
  private pos = 0;
  private line = 1;

  constructor(private readonly bytes: Buffer) {}

  /** The line of the next record starting at or after `offset`. Offsets must not decrease. */
  startLine(offset: number): number {
    const b = this.bytes;
    const start = recordStart(b, offset); // past skipped empty lines
    for (; this.pos < start; this.pos++) {
      if (b[this.pos] === LF || (b[this.pos] === CR && b[this.pos + 1] !== LF)) this.line++;
    }
    return this.line;
  }
}
