import * as path from 'node:path';
import { ConfigError } from '../../errors';
import { formatCellValues } from '../../model/multi-value';
import { attributeKeyProblem, userKey, userNameProblem } from '../../model/identity';
import { customAttributesOf } from '../../domo/scim/custom-attributes';
import type { ScimUser } from '../../domo/scim/schemas';
import type { LiveReads } from '../../drift/live-reads';
import type { Dataset, DatasetRow } from '../../sources/dataset';
import { writeDatasetCsv } from '../../sources/domo-dataset-csv';
import { bulletList } from '../../errors';
import type { ExportHooks } from '../export';

export interface AttributeExportOptions {
  /** Custom attribute keys, one column each, named exactly as the key. */
  readonly keys: readonly string[];
  /** @default 'userName' */
  readonly userNameColumn?: string;
  /** Separator of a multi-value cell, as the mapping's `multiValue.separator`. @default ',' */
  readonly separator?: string;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Every user's custom attributes of `keys` as a dataset (userName column plus one column per key,
 * one row per user, sorted by userName ignoring case) that the CSV source and `mapUserAttributes`
 * read back to exactly the live values; users it cannot hold become warnings. Throws, writing
 * nothing, if a value cannot be written so. One listing of every user with every attribute.
 */
export async function readAttributeExport(
  reads: LiveReads,
  options: AttributeExportOptions,
): Promise<{ users: Dataset; warnings: string[] }> {
  const userNameColumn = options.userNameColumn ?? 'userName';
  checkKeys(options.keys, userNameColumn);
  const multiValue = { separator: options.separator ?? ',' };
  formatCellValues([], multiValue); // validates the separator before any request
  const warnings: string[] = [];
  const sorted = exportableUsers(await reads.users(), warnings);
  return {
    users: dataset('users', [userNameColumn, ...options.keys], userRows(sorted, options.keys, userNameColumn, multiValue)),
    warnings,
  };
}

/** Every user the CSV source can read back, sorted by userName ignoring case; the others become warnings. */
function exportableUsers(listed: readonly ScimUser[], warnings: string[]): ScimUser[] {
  const users = new Map<string, ScimUser>();
  for (const user of listed) {
    const userName = user.userName.trim();
    const problem = userNameProblem(userName);
    if (problem !== undefined) warnings.push(`user ${user.id} skipped, as the CSV source would reject it: ${problem}`);
    else if (users.has(userKey(userName)))
      warnings.push(`user ${user.id} skipped: userName ${JSON.stringify(userName)} repeats another user's, ignoring case`);
    else users.set(userKey(userName), user);
  }
  return [...users.entries()].sort(([a], [b]) => compare(a, b)).map(([, u]) => u);
}

/** One row per user; throws, listing every value that would not read back unchanged. */
function userRows(
  users: readonly ScimUser[],
  keys: readonly string[],
  userNameColumn: string,
  multiValue: { separator: string },
): Record<string, string>[] {
  const problems: string[] = [];
  const rows = users.map((user): Record<string, string> => {
    const attributes = customAttributesOf(user);
    const cells: Record<string, string> = { [userNameColumn]: user.userName.trim() };
    for (const key of keys) {
      try {
        cells[key] = formatCellValues([...new Set(attributes[key] ?? [])], multiValue);
      } catch (e) {
        problems.push(`${user.userName} ${key}: ${(e as Error).message}`);
      }
    }
    return cells;
  });
  if (problems.length > 0) {
    throw new Error(
      `${problems.length} value${problems.length === 1 ? '' : 's'} cannot be exported so that the CSV source reads ${problems.length === 1 ? 'it' : 'them'} back unchanged` +
        ` (a list value holding the separator: pass another --separator, and the same multiValue.separator to the mapping):\n${bulletList(problems, 20)}`,
    );
  }
  return rows;
}

// The identity rule mapUserAttributes applies to keys, checked before anything is read.
function checkKeys(keys: readonly string[], userNameColumn: string): void {
  if (keys.length === 0) throw new ConfigError('export needs at least one custom attribute key, e.g. --keys franchise,region');
  const seen = new Set<string>();
  for (const key of keys) {
    const problem = attributeKeyProblem(key);
    if (problem !== undefined) throw new ConfigError(`--keys: ${problem}`);
    if (seen.has(key)) throw new ConfigError(`attribute key ${JSON.stringify(key)} is listed twice`);
    seen.add(key);
  }
  if (userNameColumn.trim() !== userNameColumn || userNameColumn === '') {
    throw new ConfigError(
      `userName column ${JSON.stringify(userNameColumn)} is invalid: it must be non-empty, without surrounding whitespace`,
    );
  }
  if (seen.has(userNameColumn))
    throw new ConfigError(
      `userName column ${JSON.stringify(userNameColumn)} is also an attribute key: name the userName column differently`,
    );
}

function dataset(source: string, columns: readonly string[], rows: readonly Record<string, string>[]): Dataset {
  return { source, columns: [...columns], rows: rows.map((values, i): DatasetRow => ({ row: i + 1, line: i + 2, values })) };
}

/** `--out FILE --keys k1,k2`: the users' custom attributes as CSV, in the form DomoUserAttributes reads. */
export const attributesExport: ExportHooks<AttributeExportOptions & { readonly out: string }> = {
  flags: [
    ['--out <file>', 'write users and their custom attributes as CSV, in the form DomoUserAttributes reads'],
    ['--keys <k1,k2>', 'custom attribute keys to export (with --out), each a column named exactly as the key'],
    ['--user-name-column <name>', 'name of the userName column (with --out; default userName)'],
    ['--separator <text>', 'separator of a multi-value cell, as the mapping\'s multiValue.separator (with --out; default ",")'],
  ],
  what: '--out FILE (users and their attributes)',
  readBack: "Read the users CSV with mapUserAttributes(readCsvFile(file), { attributes: { key: 'key', ... } }).",
  options(raw) {
    const out = raw['out'];
    if (out === undefined) {
      const stray = (['keys', 'userNameColumn', 'separator'] as const).filter((o) => raw[o] !== undefined);
      return stray.length === 0
        ? { asked: false }
        : { problems: [`--keys, --user-name-column and --separator are for --out: give the users CSV to write`] };
    }
    const keys =
      typeof raw['keys'] === 'string'
        ? raw['keys']
            .split(',')
            .map((k) => k.trim())
            .filter((k) => k !== '')
        : undefined;
    if (typeof out !== 'string' || out === '') return { problems: ['--out needs a file name'] };
    if (raw['keys'] === undefined)
      return { problems: ['--keys is required with --out: the custom attribute keys to export, e.g. --keys franchise,region'] };
    if (!keys || keys.length === 0) return { problems: ['--keys needs at least one value, e.g. --keys franchise,region'] };
    const userNameColumn = raw['userNameColumn'];
    const separator = raw['separator'];
    return {
      asked: true,
      options: {
        out,
        keys,
        ...(typeof userNameColumn === 'string' ? { userNameColumn } : {}),
        ...(typeof separator === 'string' ? { separator } : {}),
      },
    };
  },
  async read(options, { reads, cwd }) {
    const { users, warnings } = await readAttributeExport(reads, options);
    const file = path.resolve(cwd, options.out);
    return {
      warnings,
      async write() {
        await writeDatasetCsv(users, file);
        return [`Wrote ${users.rows.length} user(s) with ${options.keys.join(', ')} to ${file}`];
      },
    };
  },
};
