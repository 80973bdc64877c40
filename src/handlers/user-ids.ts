import type { ScimClient } from '../domo/scim/client';
import { userKey } from '../model/user-attributes';
import { mapLimit } from '../engine/pool';

/** At or below this many userNames, targeted lookups without looking at the listing at all. */
export const TARGETED_LOOKUP_LIMIT = 25;

export interface ResolvedUsers {
  /** Lower-cased userName -> Domo user id. */
  readonly ids: ReadonlyMap<string, string>;
  /** userNames Domo does not have, as given. */
  readonly missing: readonly string[];
}

/**
 * Domo user ids for userNames, in as few requests as the instance allows: a small set costs a
 * lookup each; a larger one reads the first page of a userName-only listing, and from its
 * `totalResults` either finishes the listing or looks up the rest, whichever needs fewer requests.
 */
export async function resolveUserIds(client: ScimClient, userNames: readonly string[], concurrency: number): Promise<ResolvedUsers> {
  const ids = new Map<string, string>();
  const wanted = new Set(userNames.map(userKey));
  if (userNames.length > TARGETED_LOOKUP_LIMIT) {
    let firstPage: { items: number; totalResults?: number } | undefined;
    let lookupsAreCheaper = false;
    const onPage = (page: { startIndex: number; items: number; totalResults?: number }) => {
      if (page.startIndex === 1) firstPage = page;
    };
    let pagesRead = 0;
    for await (const page of client.listUsers({ attributes: ['userName'], pageSize: 1000, onPage })) {
      pagesRead++;
      for (const user of page) if (wanted.has(userKey(user.userName))) ids.set(userKey(user.userName), user.id);
      if (ids.size === wanted.size) break;
      if (pagesRead === 1 && firstPage?.totalResults !== undefined && firstPage.items > 0) {
        const pagesLeft = Math.ceil((firstPage.totalResults - firstPage.items) / firstPage.items);
        lookupsAreCheaper = pagesLeft > wanted.size - ids.size;
        if (lookupsAreCheaper) break;
      }
    }
    if (!lookupsAreCheaper) return { ids, missing: userNames.filter((n) => !ids.has(userKey(n))) };
  }
  await mapLimit(
    userNames.filter((n) => !ids.has(userKey(n))),
    concurrency,
    async (name) => {
      const user = await client.findUserByUserName(name);
      if (user) ids.set(userKey(name), user.id);
    },
  );
  return { ids, missing: userNames.filter((n) => !ids.has(userKey(n))) };
}
