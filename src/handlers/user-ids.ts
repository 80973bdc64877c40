import type { ScimClient } from '../scim/client';
import { userKey } from '../model/user-attributes';
import { mapLimit } from './pool';

/** At or below this many userNames, targeted lookups; above it, one paginated listing of all users. */
export const TARGETED_LOOKUP_LIMIT = 25;

export interface ResolvedUsers {
  /** Lower-cased userName -> Domo user id. */
  readonly ids: ReadonlyMap<string, string>;
  /** userNames Domo does not have, as given. */
  readonly missing: readonly string[];
}

/**
 * Domo user ids for userNames. A large group costs one listing (userName only), not a request per
 * member; a small one costs a lookup per member, cheaper than listing a large instance.
 */
export async function resolveUserIds(client: ScimClient, userNames: readonly string[], concurrency: number): Promise<ResolvedUsers> {
  const ids = new Map<string, string>();
  if (userNames.length <= TARGETED_LOOKUP_LIMIT) {
    await mapLimit(userNames, concurrency, async (name) => {
      const user = await client.findUserByUserName(name);
      if (user) ids.set(userKey(name), user.id);
    });
  } else {
    const wanted = new Set(userNames.map(userKey));
    for await (const page of client.listUsers({ attributes: ['userName'], pageSize: 1000 })) {
      for (const user of page) if (wanted.has(userKey(user.userName))) ids.set(userKey(user.userName), user.id);
    }
  }
  return { ids, missing: userNames.filter((n) => !ids.has(userKey(n))) };
}
