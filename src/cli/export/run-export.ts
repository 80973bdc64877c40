import type { Dispatcher } from 'undici';
import { ConfigError } from '../../errors';
import { formatCellValues } from '../../model/multi-value';
import { attributeKeyProblem, isUserName, userKey, userNameProblem, groupKey } from '../../model/identity';
import { ScimClient } from '../../domo/scim/client';
import { customAttributesOf } from '../../domo/scim/custom-attributes';
import type { RetryPolicy } from '../../domo/retry';
import type { ScimUser } from '../../domo/scim/schemas';
import { DOMO_GROUP } from '../../domo/scim/urns';
import type { Dataset, DatasetRow } from '../../sources/dataset';
import { writeDatasetCsv } from '../../sources/domo-dataset-csv';
import { listProblems } from './problems';

/** Columns of the group membership CSV, in order; read it with `deriveGroups(ds, { groupBy: 'group', domoDisplayName: { column: 'domoDisplayName' }, description: { column: 'description' } })`. */
export const GROUP_EXPORT_COLUMNS = ['group', 'userName', 'domoDisplayName', 'description'] as const;

export interface ExportOptions {
  readonly scimUrl: string;
  readonly token: string;
  /** @default 'bearer' */
  readonly authScheme?: 'bearer' | 'developer-token';
  /** Custom attribute keys, one column each, named exactly as the key. */
  readonly keys: readonly string[];
  /** @default 'userName' */
  readonly userNameColumn?: string;
  /** Separator of a multi-value cell, as the mapping's `multiValue.separator`. @default ',' */
  readonly separator?: string;
  /** Also export group memberships. @default false */
  readonly groups?: boolean;
  /** @default 1000 */
  readonly pageSize?: number;
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
}

export interface ExportedData {
  /** userName column plus one column per key, one row per user, sorted by userName ignoring case. */
  readonly users: Dataset;
  /** One row per membership, sorted by group then userName; undefined unless asked for. */
  readonly groups?: Dataset;
  /** What was left out and why, for people to read. */
  readonly warnings: readonly string[];
}

/**
 * Reads Domo (one paginated listing of users with every attribute, and one of groups with their
 * members when asked) into datasets that the CSV source, `mapUserAttributes` and `deriveGroups`
 * read back to exactly the live values. Throws, writing nothing, if a value cannot be written so.
 */
export async function readExport(options: ExportOptions): Promise<ExportedData> {
  const userNameColumn = options.userNameColumn ?? 'userName';
  checkKeys(options.keys, userNameColumn);
  const multiValue = { separator: options.separator ?? ',' };
  formatCellValues([], multiValue); // validates the separator before any request
  const pageSize = options.pageSize ?? 1000;
  const client = new ScimClient({
    baseUrl: options.scimUrl,
    token: options.token,
    authScheme: options.authScheme,
    dispatcher: options.dispatcher,
    retry: options.retry,
  });
  try {
    const warnings: string[] = [];
    const sorted = await readUsers(client, pageSize, warnings);
    const usersData = dataset('users', [userNameColumn, ...options.keys], userRows(sorted, options.keys, userNameColumn, multiValue));
    if (!options.groups) return { users: usersData, warnings };
    const memberships = await readMemberships(client, pageSize, sorted, warnings);
    return { users: usersData, groups: dataset('groups', GROUP_EXPORT_COLUMNS, memberships), warnings };
  } finally {
    await client.close();
  }
}

/** Every user the CSV source can read back, sorted by userName ignoring case; the others become warnings. */
async function readUsers(client: ScimClient, pageSize: number, warnings: string[]): Promise<ScimUser[]> {
  const users = new Map<string, ScimUser>();
  for await (const page of client.listUsers({ attributes: '_all', pageSize })) {
    for (const user of page) {
      const userName = user.userName.trim();
      const problem = userNameProblem(userName);
      if (problem !== undefined) warnings.push(`user ${user.id} skipped, as the CSV source would reject it: ${problem}`);
      else if (users.has(userKey(userName)))
        warnings.push(`user ${user.id} skipped: userName ${JSON.stringify(userName)} repeats another user's, ignoring case`);
      else users.set(userKey(userName), user);
    }
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
        ` (a list value holding the separator: pass another --separator, and the same multiValue.separator to the mapping):\n${listProblems(problems)}`,
    );
  }
  return rows;
}

/** One row per membership, sorted by group then userName; a member without an email userName becomes a warning. */
async function readMemberships(
  client: ScimClient,
  pageSize: number,
  users: readonly ScimUser[],
  warnings: string[],
): Promise<Record<string, string>[]> {
  const userNameOfId = new Map(users.map((u) => [u.id, u.userName.trim()]));
  const memberships: Record<string, string>[] = [];
  for await (const page of client.listGroups({ pageSize })) {
    for (const group of page) {
      const members = new Map<string, string>();
      for (const m of group.members ?? []) {
        const name = userNameOfId.get(m.value) ?? m.display?.trim();
        if (name === undefined || !isUserName(name))
          warnings.push(
            `group ${JSON.stringify(group.displayName)}: member id ${m.value} skipped (no user with an email userName has that id)`,
          );
        else members.set(userKey(name), name);
      }
      if (members.size === 0) warnings.push(`group ${JSON.stringify(group.displayName)} has no members: a membership CSV cannot hold it`);
      const ext = group[DOMO_GROUP] ?? {};
      for (const name of members.values()) {
        memberships.push({
          group: group.displayName,
          userName: name,
          domoDisplayName: ext.domoDisplayName ?? '',
          description: ext.description ?? '',
        });
      }
    }
  }
  return memberships.sort((a, b) => compare(groupKey(a.group!), groupKey(b.group!)) || compare(userKey(a.userName!), userKey(b.userName!)));
}

export interface ExportFiles {
  readonly out: string;
  readonly groupsOut?: string;
}

/** Reads Domo, then writes the files (each renamed into place whole); nothing is written if reading fails. */
export async function runExport(options: Omit<ExportOptions, 'groups'>, files: ExportFiles): Promise<ExportedData> {
  const data = await readExport({ ...options, groups: files.groupsOut !== undefined });
  await writeDatasetCsv(data.users, files.out);
  if (files.groupsOut !== undefined && data.groups) await writeDatasetCsv(data.groups, files.groupsOut);
  return data;
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

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
