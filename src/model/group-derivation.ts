import type { Dataset, DatasetRow } from '../sources/dataset';
import { InputError, InputErrors } from '../errors';
import type { DesiredGroup } from './directory-groups';

export interface GroupDerivation {
  /** Column holding the member's userName (email). @default 'userName' */
  readonly userNameColumn?: string;
  /** The column whose value names the group (e.g. 'franchise'), or a function of the row. */
  readonly groupBy: string | ((row: DatasetRow) => string | undefined);
  /** The directory name of the group for a groupBy value. @default - the value itself */
  readonly displayName?: (value: string) => string;
  readonly domoDisplayName?: (value: string) => string;
  readonly description?: (value: string) => string;
  /** Only rows for which this holds become members. @default - every row */
  readonly where?: (row: DatasetRow) => boolean;
}

/**
 * Dataset rows -> directory groups, e.g. one group per franchise. Rows whose groupBy value is
 * empty belong to no group. Missing columns are reported with the file and column.
 */
export function deriveGroups(dataset: Dataset, derivation: GroupDerivation): DesiredGroup[] {
  const userNameColumn = derivation.userNameColumn ?? 'userName';
  const needed = [userNameColumn, ...(typeof derivation.groupBy === 'string' ? [derivation.groupBy] : [])];
  const missing = needed.filter((c) => !dataset.columns.includes(c));
  if (missing.length > 0) {
    throw new InputErrors(
      missing.map(
        (c) => new InputError({ file: dataset.source, field: c }, `column "${c}" is not in the dataset (columns: ${dataset.columns.join(', ')})`),
      ),
    );
  }
  const groupOf = typeof derivation.groupBy === 'string' ? (row: DatasetRow) => row.values[derivation.groupBy as string] : derivation.groupBy;
  const byValue = new Map<string, string[]>();
  for (const row of dataset.rows) {
    if (derivation.where && !derivation.where(row)) continue;
    const value = groupOf(row)?.trim();
    if (!value) continue;
    const members = byValue.get(value) ?? [];
    members.push(row.values[userNameColumn]!.trim());
    byValue.set(value, members);
  }
  return [...byValue.entries()].map(([value, members]) => ({
    displayName: derivation.displayName ? derivation.displayName(value) : value,
    ...(derivation.domoDisplayName ? { domoDisplayName: derivation.domoDisplayName(value) } : {}),
    ...(derivation.description ? { description: derivation.description(value) } : {}),
    members,
  }));
}
