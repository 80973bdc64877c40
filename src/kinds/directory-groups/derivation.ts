import type { Dataset, DatasetRow } from '../../sources/dataset';
import { InputError, InputErrors } from '../../errors';
import { groupRows, requireColumns } from '../../model/row-groups';
import type { DesiredGroup } from './model';

/** A group field: a function of the groupBy value, or a column whose cell every row of the group agrees on. */
export type GroupFieldSource = ((value: string) => string) | { readonly column: string };

export interface GroupDerivation {
  /** Column holding the member's userName (email). @default 'userName' */
  readonly userNameColumn?: string;
  /** The column whose value names the group (e.g. 'franchise'), or a function of the row. */
  readonly groupBy: string | ((row: DatasetRow) => string | undefined);
  /** The directory name of the group for a groupBy value. @default - the value itself */
  readonly displayName?: (value: string) => string;
  /** The name shown in Domo. @default - not managed */
  readonly domoDisplayName?: GroupFieldSource;
  /** @default - not managed */
  readonly description?: GroupFieldSource;
  /** Only rows for which this holds become members. @default - every row */
  readonly where?: (row: DatasetRow) => boolean;
}

/**
 * Dataset rows -> directory groups, e.g. one group per franchise. Rows whose groupBy value is
 * empty belong to no group. A field read from a column is left unmanaged where the cell is empty;
 * rows of one group that disagree on it, members whose userName the identity rule refuses, and
 * missing columns, are reported with file, row and column, all at once.
 */
export function deriveGroups(dataset: Dataset, derivation: GroupDerivation): DesiredGroup[] {
  const userNameColumn = derivation.userNameColumn ?? 'userName';
  const fieldColumns = [derivation.domoDisplayName, derivation.description].flatMap((f) =>
    f !== undefined && typeof f !== 'function' ? [f.column] : [],
  );
  requireColumns(dataset, [userNameColumn, ...(typeof derivation.groupBy === 'string' ? [derivation.groupBy] : []), ...fieldColumns]);
  const { byValue, problems } = groupRows(dataset, { groupBy: derivation.groupBy, where: derivation.where, userNameColumn });
  const field = (name: string, source: GroupFieldSource | undefined, value: string, rows: readonly DatasetRow[]) => {
    if (source === undefined) return {};
    if (typeof source === 'function') return { [name]: source(value) };
    const text = columnValue(dataset.source, source.column, value, rows, problems);
    return text === undefined ? {} : { [name]: text };
  };
  const groups = [...byValue.entries()].map(([value, rows]) => ({
    displayName: derivation.displayName ? derivation.displayName(value) : value,
    ...field('domoDisplayName', derivation.domoDisplayName, value, rows),
    ...field('description', derivation.description, value, rows),
    members: rows.map((row) => row.values[userNameColumn]!.trim()),
  }));
  if (problems.length > 0) throw new InputErrors(problems);
  return groups;
}

/** The one non-empty cell of a column among a group's rows; undefined when all are empty. */
function columnValue(file: string, column: string, group: string, rows: readonly DatasetRow[], problems: InputError[]): string | undefined {
  let first: DatasetRow | undefined;
  for (const row of rows) {
    const cell = row.values[column]!;
    if (cell === '') continue;
    if (first === undefined) first = row;
    else if (cell !== first.values[column]) {
      problems.push(
        new InputError(
          { file, row: row.row, line: row.line, field: column },
          `${JSON.stringify(cell)} differs from ${JSON.stringify(first.values[column])} in row ${first.row} for group ${JSON.stringify(group)}; every row of a group must agree`,
        ),
      );
      return undefined;
    }
  }
  return first?.values[column];
}
