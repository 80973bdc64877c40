import { mapLimit } from '../../engine/pool';
import { groupKey } from '../../model/directory-groups';
import { DomoApiClient } from '../../domo/api/client';
import type { ScimClient } from '../../domo/scim/client';
import { instanceUrlFromScimUrl, parseInstanceRoot } from '../../domo/url';
import { customRoleName } from '../../model/users';
import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import type { LiveState } from './compute';
import type { DesiredState } from './desired-state';

export interface LiveReadOptions {
  /** Page size asked for; the server may return fewer. @default 1000 */
  readonly pageSize?: number;
  /** Group reads in flight at once. @default 4 */
  readonly concurrency?: number;
}

/**
 * Reads what a drift check needs, in requests proportional to pages and groups, never to users:
 * one paginated listing of every user with every attribute, and (when groups are desired) one
 * listing of groups without members, then each desired group that exists, with its members.
 */
export async function readLiveState(client: ScimClient, desired: DesiredState, options: LiveReadOptions = {}): Promise<LiveState> {
  const live = await readUsersAndGroups(client, desired, options);
  // Custom roles given by name compare by id: one listing of the roles, only when a name is used.
  const named = desired.users.some((set) =>
    set.users.some((u) => u.fields.role !== undefined && customRoleName(u.fields.role) !== undefined),
  );
  if (!named) return live;
  const api = new DomoApiClient(
    client.transport.withRoot(parseInstanceRoot(instanceUrlFromScimUrl(client.transport.root.url)), 'Domo API'),
  );
  return { ...live, roles: await api.roles.list() };
}

async function readUsersAndGroups(client: ScimClient, desired: DesiredState, options: LiveReadOptions): Promise<LiveState> {
  const pageSize = options.pageSize ?? 1000;
  const wanted = new Set(desired.groups.flatMap((set) => set.groups.map((g) => groupKey(g.displayName))));
  if (wanted.size === 0 && desired.users.length === 0 && desired.userAttributes.length === 0) return { users: [], groups: [] };

  const users: ScimUser[] = [];
  for await (const page of client.listUsers({ attributes: '_all', pageSize })) users.push(...page);
  if (wanted.size === 0) return { users, groups: [] };

  const found = new Map<string, ScimGroup>();
  for await (const page of client.listGroups({ excludeMembers: true, pageSize })) {
    for (const g of page)
      if (wanted.has(groupKey(g.displayName)) && !found.has(groupKey(g.displayName))) found.set(groupKey(g.displayName), g);
  }
  const groups = await mapLimit([...found.values()], options.concurrency ?? 4, (g) => client.getGroup(g.id));
  return { users, groups };
}
