import * as path from 'node:path';
import { isUserName, userKey, groupKey } from '../../model/identity';
import type { ScimGroup } from '../../domo/scim/schemas';
import { DOMO_GROUP } from '../../domo/scim/urns';
import type { Dataset, DatasetRow } from '../../sources/dataset';
import { writeDatasetCsv } from '../../sources/domo-dataset-csv';
import type { ExportHooks } from '../export';

/** Columns of the group membership CSV, in order; read it with `deriveGroups(ds, { groupBy: 'group', domoDisplayName: { column: 'domoDisplayName' }, description: { column: 'description' } })`. */
export const GROUP_EXPORT_COLUMNS = ['group', 'userName', 'domoDisplayName', 'description'] as const;

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** One row per membership, sorted by group then userName; a member without an email userName becomes a warning. */
function membershipRows(
  groups: readonly ScimGroup[],
  users: ReadonlyArray<{ readonly id: string; readonly userName: string }>,
  warnings: string[],
): Record<string, string>[] {
  const userNameOfId = new Map(users.map((u) => [u.id, u.userName.trim()]));
  const memberships: Record<string, string>[] = [];
  for (const group of groups) {
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
  return memberships.sort((a, b) => compare(groupKey(a.group!), groupKey(b.group!)) || compare(userKey(a.userName!), userKey(b.userName!)));
}

/** `--groups-out FILE`: every directory group's members as CSV, in the form deriveGroups reads (one listing of groups with members). */
export const groupsExport: ExportHooks<{ readonly out: string }> = {
  flags: [
    [
      '--groups-out <file>',
      'write group memberships as CSV (group, userName, domoDisplayName, description), in the form deriveGroups reads',
    ],
  ],
  what: '--groups-out FILE (group memberships)',
  readBack:
    "Read the groups CSV with deriveGroups(readCsvFile(file), { groupBy: 'group', domoDisplayName: { column: 'domoDisplayName' }, description: { column: 'description' } }).",
  options(raw) {
    const out = raw['groupsOut'];
    if (out === undefined) return { asked: false };
    return typeof out === 'string' && out !== '' ? { asked: true, options: { out } } : { problems: ['--groups-out needs a file name'] };
  },
  async read(options, { reads, cwd }) {
    const warnings: string[] = [];
    const users = await reads.userNames();
    const rows = membershipRows(await reads.groupsWithMembers(), users, warnings);
    const data: Dataset = {
      source: 'groups',
      columns: [...GROUP_EXPORT_COLUMNS],
      rows: rows.map((values, i): DatasetRow => ({ row: i + 1, line: i + 2, values })),
    };
    const file = path.resolve(cwd, options.out);
    return {
      warnings,
      async write() {
        await writeDatasetCsv(data, file);
        const count = new Set(rows.map((r) => r['group'])).size;
        return [`Wrote ${rows.length} membership(s) of ${count} group(s) to ${file}`];
      },
    };
  },
};
