import { userKey } from '../../model/identity';
import type { ScimUser } from '../../domo/scim/schemas';

/** Domo's users looked up both ways a drift check needs: by userName (ignoring case) and by id. */
export interface UserIndex {
  /** The first live user of each userName, as Domo matches userNames ignoring case. */
  readonly byKey: ReadonlyMap<string, ScimUser>;
  readonly userNameOfId: ReadonlyMap<string, string>;
}

export function indexUsers(users: readonly ScimUser[]): UserIndex {
  const byKey = new Map<string, ScimUser>();
  for (const u of users) if (!byKey.has(userKey(u.userName))) byKey.set(userKey(u.userName), u);
  return { byKey, userNameOfId: new Map(users.map((u) => [u.id, u.userName])) };
}
