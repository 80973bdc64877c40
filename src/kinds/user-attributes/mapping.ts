import { ConfigError, InputError, InputErrors } from '../../errors';
import type { Dataset, DatasetRow } from '../../sources/dataset';
import { attributeKeyProblem, userKey, userNameProblem } from '../../model/identity';
import { CellValueError, type MultiValueOptions, parseCellValues } from '../../model/multi-value';
import type { DesiredUserAttributes } from './model';

export interface AttributeMapping {
  /**
   * Column holding the user's Domo userName (email).
   * @default 'userName'
   */
  readonly userNameColumn?: string;
  /**
   * Domo custom attribute key -> CSV column, e.g. `{ storeNumber: 'store_number' }`. Keys are Domo's:
   * letters and digits only, case-sensitive; columns may be named anything.
   */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * How a cell lists several values.
   * @default - `[a, b]` with ',' between values
   */
  readonly multiValue?: MultiValueOptions;
}

/**
 * One desired-attributes entry per row, every mapped key present (an empty cell is `[]`, meaning
 * "no value"), sorted by userName ignoring case so synth output is stable. All row problems
 * (userNames, duplicates, malformed multi-value cells) are collected into one
 * {@link InputErrors}, so a single run shows everything to fix.
 */
export function mapUserAttributes(dataset: Dataset, mapping: AttributeMapping): DesiredUserAttributes[] {
  const userNameColumn = mapping.userNameColumn ?? 'userName';
  const keys = Object.keys(mapping.attributes);
  checkAttributeKeys(keys);
  checkColumns(dataset, userNameColumn, mapping.attributes);

  const problems: InputError[] = [];
  const firstRowOf = new Map<string, { row: DatasetRow; userName: string }>();
  const users: DesiredUserAttributes[] = [];
  for (const row of dataset.rows) {
    const at = (field: string) => ({ file: dataset.source, row: row.row, line: row.line, field });
    const before = problems.length;
    const userName = row.values[userNameColumn]!.trim();
    const problem = userNameProblem(userName);
    if (problem !== undefined) problems.push(new InputError(at(userNameColumn), problem));
    const attributes: Record<string, string[]> = {};
    for (const key of keys) {
      const column = mapping.attributes[key]!;
      try {
        attributes[key] = parseCellValues(row.values[column]!, mapping.multiValue);
      } catch (err) {
        if (!(err instanceof CellValueError)) throw err;
        problems.push(new InputError(at(column), err.message));
      }
    }
    if (problems.length > before) continue;
    const first = firstRowOf.get(userKey(userName));
    if (first !== undefined) {
      problems.push(
        new InputError(
          at(userNameColumn),
          `userName ${JSON.stringify(userName)} duplicates ${JSON.stringify(first.userName)} in row ${first.row.row} ` +
            `(line ${first.row.line}); userNames are unique ignoring case, so keep one row per user`,
        ),
      );
      continue;
    }
    firstRowOf.set(userKey(userName), { row, userName });
    users.push({ userName, attributes });
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return users.sort((a, b) => compare(userKey(a.userName), userKey(b.userName)));
}

// Every mapped key must be one a Domo definition can have; all bad keys are named at once.
function checkAttributeKeys(keys: readonly string[]): void {
  const problems = keys.flatMap((key) => attributeKeyProblem(key) ?? []);
  if (problems.length === 0) return;
  throw new ConfigError(problems.map((p) => `attribute mapping: ${p}`).join('\n'));
}

function checkColumns(dataset: Dataset, userNameColumn: string, attributes: Readonly<Record<string, string>>): void {
  const wanted: [column: string, use: string][] = [
    [userNameColumn, 'the userName'],
    ...Object.entries(attributes).map(([key, column]): [string, string] => [column, `attribute "${key}"`]),
  ];
  const missing = wanted.filter(([column]) => !dataset.columns.includes(column));
  if (missing.length === 0) return;
  const list = missing.map(([column, use]) => `"${column}" (for ${use})`).join(', ');
  throw new InputError(
    { file: dataset.source },
    `${missing.length === 1 ? 'column' : 'columns'} ${list} not found; available columns: ` +
      `${dataset.columns.map((c) => `"${c}"`).join(', ')} (names are case-sensitive)`,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
