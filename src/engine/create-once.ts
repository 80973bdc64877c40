import { ScimError } from '../domo/errors';

/** POSTs of one resource at most, when Domo answered 5xx, dropped the connection or timed out and nothing was created. */
const MAX_POSTS = 8;

/**
 * Creates a resource exactly once. A POST is never resent blindly (it creates); one that failed
 * where Domo may have created the resource anyway (5xx, a dropped connection, a timeout, or 409
 * because another writer just did) is followed by a lookup: a resource found is adopted, one
 * absent is POSTed again, at most eight times. Nobody and no group is created twice.
 */
export async function createOnce<T>(post: () => Promise<T>, lookUp: () => Promise<T | undefined>): Promise<{ value: T; adopted: boolean }> {
  for (let attempt = 1; ; attempt++) {
    try {
      return { value: await post(), adopted: false };
    } catch (err) {
      const uncertain = err instanceof ScimError && (err.status === undefined || err.status >= 500 || err.status === 409);
      if (!uncertain) throw err;
      const found = await lookUp();
      if (found !== undefined) return { value: found, adopted: true };
      if ((err as ScimError).status === 409 || attempt >= MAX_POSTS) throw err;
    }
  }
}
