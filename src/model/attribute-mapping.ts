import { z } from 'zod';
import { ConfigError, InputError, InputErrors } from '../errors';
import type { Dataset, DatasetRow } from '../sources/dataset';
import { type MultiValueOptions, parseCellValues } from './multi-value';
import { type DesiredUserAttributes, userKey } from './user-attributes';

export interface AttributeMapping {
  /**
   * Column holding the user's Domo userName (email).
   * @default 'userName'
   */
  readonly userNameColumn?: string;
  /** Domo custom attribute key -> CSV column. A key mapped to itself can be given as `key: key`. */
  readonly attributes: Readonly<Record<string, string>>;
  /**
   * How a cell lists several values.
   * @default - `[a, b]` with ',' between values
   */
  readonly multiValue?: MultiValueOptions;
}

const UserName = z.email();

/**
 * One desired-attributes entry per row, every mapped key present (an empty cell is `[]`, meaning
 * "no value"), sorted by userName ignoring case so synth output is stable. All row problems are
 * collected into one {@link InputErrors}, so a single run shows everything to fix.
 */
export function mapUserAttributes(dataset: Dataset, mapping: AttributeMapping): DesiredUserAttributes[] {
  const userNameColumn = mapping.userNameColumn ?? 'userName';
  const keys = Object.keys(mapping.attributes);
  keys.forEach(checkAttributeKey);
  checkColumns(dataset, userNameColumn, mapping.attributes);

  const problems: InputError[] = [];
  const firstRowOf = new Map<string, { row: DatasetRow; userName: string }>();
  const users: DesiredUserAttributes[] = [];
  for (const row of dataset.rows) {
    const at = { file: dataset.source, row: row.row, line: row.line, field: userNameColumn };
    const userName = row.values[userNameColumn]!.trim();
    if (userName === '') {
      problems.push(new InputError(at, "userName is empty; every row needs the user's Domo userName (email)"));
      continue;
    }
    if (!UserName.safeParse(userName).success) {
      problems.push(new InputError(at, `${JSON.stringify(userName)} is not a valid email; the userName must be the user's Domo email`));
      continue;
    }
    const first = firstRowOf.get(userKey(userName));
    if (first !== undefined) {
      problems.push(
        new InputError(
          at,
          `userName ${JSON.stringify(userName)} duplicates ${JSON.stringify(first.userName)} in row ${first.row.row} ` +
            `(line ${first.row.line}); userNames are unique ignoring case, so keep one row per user`,
        ),
      );
      continue;
    }
    firstRowOf.set(userKey(userName), { row, userName });
    const attributes = Object.fromEntries(
      keys.map((key) => [key, parseCellValues(row.values[mapping.attributes[key]!]!, mapping.multiValue)]),
    );
    users.push({ userName, attributes });
  }
  if (problems.length > 0) throw new InputErrors(problems);
  return users.sort((a, b) => compare(userKey(a.userName), userKey(b.userName)));
}

// Keys are joined with userNames by '/' elsewhere, and Domo keys never contain whitespace.
function checkAttributeKey(key: string): void {
  if (key === '' || key.includes('/') || /\s/.test(key)) {
    throw new ConfigError(
      `attribute key ${JSON.stringify(key)} is invalid: keys must be non-empty, without "/" or whitespace; ` +
        'use the exact key defined in Domo (Admin > Governance > Attributes)',
    );
  }
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
