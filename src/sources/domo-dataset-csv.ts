import { createWriteStream, renameSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { ConfigError, InputError } from '../errors';
import type { Dataset } from './dataset';

/** Options of {@link writeDatasetCsv}. */
export interface CsvWriteOptions {
  /** Field separator. @default ',' */
  readonly delimiter?: string;
  /**
   * Write only these columns, in this order; each must be a column of the dataset.
   * @default - every column, in dataset order
   */
  readonly columns?: readonly string[];
}

/**
 * One CSV field (RFC 4180): quoted when it contains the delimiter, a quote, CR or LF, with inner
 * quotes doubled; any other value is written as is, spaces included.
 */
export function csvField(value: string, delimiter = ','): string {
  const needsQuotes = value.includes(delimiter) || /["\r\n]/.test(value);
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * One CSV record, terminated by LF. A record of a single empty field is written as `""`, so that
 * it is not an empty line, which readers skip.
 */
export function csvRecord(fields: readonly string[], delimiter = ','): string {
  if (fields.length === 1 && fields[0] === '') return '""\n';
  return `${fields.map((f) => csvField(f, delimiter)).join(delimiter)}\n`;
}

/**
 * Writes a dataset as a UTF-8 CSV file with a header row, which {@link readCsvFile} reads back to
 * the same rows. The file is written next to its final name and renamed into place, so a failed
 * run never leaves a half-written file behind for a plan to read.
 */
export async function writeDatasetCsv(dataset: Dataset, file: string, options: CsvWriteOptions = {}): Promise<void> {
  const delimiter = options.delimiter ?? ',';
  if (delimiter.length !== 1 || /["\r\n]/.test(delimiter)) {
    throw new ConfigError(
      `CSV delimiter ${JSON.stringify(delimiter)} is invalid: use one character such as "," ";" or "\\t" (not a quote or newline)`,
    );
  }
  const columns = options.columns ?? dataset.columns;
  const known = new Set(dataset.columns);
  const missing = columns.filter((c) => !known.has(c));
  if (missing.length > 0) {
    throw new InputError(
      { file: dataset.source, field: missing[0] },
      `column${missing.length === 1 ? '' : 's'} ${missing.map((c) => `"${c}"`).join(', ')} not in the dataset; available columns: ${dataset.columns.join(', ')}`,
    );
  }
  const tmp = `${file}.${process.pid}.tmp`;
  const out = createWriteStream(tmp, { encoding: 'utf8' });
  try {
    const failed = once(out, 'error').then(([e]) => Promise.reject(e as Error));
    failed.catch(() => {}); // observed below; never an unhandled rejection
    const write = async (text: string) => {
      if (!out.write(text)) await Promise.race([once(out, 'drain'), failed]);
    };
    await write(csvRecord(columns, delimiter));
    for (const row of dataset.rows)
      await write(
        csvRecord(
          columns.map((c) => row.values[c] ?? ''),
          delimiter,
        ),
      );
    out.end();
    await Promise.race([once(out, 'finish'), failed]);
    renameSync(tmp, file);
  } catch (e) {
    out.destroy();
    rmSync(tmp, { force: true });
    throw new ConfigError(`cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
}
