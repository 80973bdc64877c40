import type { Dataset, DatasetRow } from '../sources/dataset';
import { InputError, InputErrors } from '../errors';
import { userNameProblem } from './identity';

/** Fails with every column the dataset lacks, each naming the file and the columns it has. */
export function requireColumns(dataset: Dataset, columns: readonly string[]): void {
  const missing = [...new Set(columns)].filter((c) => !dataset.columns.includes(c));
  if (missing.length === 0) return;
  throw new InputErrors(
    missing.map(
      (c) =>
        new InputError({ file: dataset.source, field: c }, `column "${c}" is not in the dataset (columns: ${dataset.columns.join(', ')})`),
    ),
  );
}

export interface RowGrouping {
  /** The column whose value names the group, or a function of the row. */
  readonly groupBy: string | ((row: DatasetRow) => string | undefined);
  /** Only rows for which this holds count. @default - every row */
  readonly where?: (row: DatasetRow) => boolean;
  /** A column every counted row must hold a valid userName in; rows that do not are problems. @default - none checked */
  readonly userNameColumn?: string;
}

/**
 * Rows by their groupBy value (trimmed), in the order values first appear; rows with an empty
 * value belong to none. Rows whose userName the identity rule refuses are left out and returned
 * as problems with file, row, line and column.
 */
export function groupRows(dataset: Dataset, grouping: RowGrouping): { byValue: Map<string, DatasetRow[]>; problems: InputError[] } {
  const { groupBy, userNameColumn } = grouping;
  const valueOf = typeof groupBy === 'string' ? (row: DatasetRow) => row.values[groupBy] : groupBy;
  const problems: InputError[] = [];
  const byValue = new Map<string, DatasetRow[]>();
  for (const row of dataset.rows) {
    if (grouping.where && !grouping.where(row)) continue;
    const value = valueOf(row)?.trim();
    if (!value) continue;
    if (userNameColumn !== undefined) {
      const problem = userNameProblem(row.values[userNameColumn]!.trim());
      if (problem !== undefined) {
        problems.push(new InputError({ file: dataset.source, row: row.row, line: row.line, field: userNameColumn }, problem));
        continue;
      }
    }
    const rows = byValue.get(value);
    if (rows) rows.push(row);
    else byValue.set(value, [row]);
  }
  return { byValue, problems };
}
