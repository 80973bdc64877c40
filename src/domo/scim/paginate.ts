/** One page of a SCIM list, as returned for a requested startIndex/count. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The server's count of all matches, when it says. */
  readonly totalResults?: number;
}

/** Fetches the page starting at the 1-based `startIndex`, asking for `count` items. */
export type PageFetcher<T> = (startIndex: number, count: number) => Promise<Page<T>>;

export interface PaginateOptions<T> {
  readonly pageSize: number;
  /** The identity of an item (a SCIM resource's id): how a page that repeats what was read is told. */
  readonly idOf: (item: T) => string;
  /** Names the listing in errors, e.g. `SCIM GET /Users`. */
  readonly what: string;
}

/**
 * Yields a SCIM list page by page. It advances by the number of items actually returned, not by
 * the `count` asked for, because servers may clamp `count` or return short pages; it stops at an
 * empty page or once `totalResults` is reached. A listing that makes no progress fails instead of
 * looping: a page made only of items already read (a server that ignores `startIndex`), or an
 * empty page before the `totalResults` the server counted (a short read that would lose the rest).
 * Items a page repeats among new ones (the list moved while it was read) are yielded once.
 */
export async function* paginate<T>(fetchPage: PageFetcher<T>, options: PaginateOptions<T>): AsyncGenerator<T[], void, undefined> {
  const { pageSize, idOf, what } = options;
  const seen = new Set<string>();
  for (let startIndex = 1; ;) {
    const page = await fetchPage(startIndex, pageSize);
    if (page.items.length === 0) {
      if (page.totalResults !== undefined && seen.size < page.totalResults)
        throw new Error(
          `${what}: the listing ended early: an empty page at startIndex ${startIndex} after ${seen.size} of the ${page.totalResults} results the server counted`,
        );
      return;
    }
    const fresh = page.items.filter((item) => {
      const id = idOf(item);
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    });
    if (fresh.length === 0)
      throw new Error(
        `${what}: the listing makes no progress: the page at startIndex ${startIndex} repeats only results already read (${seen.size} so far); does the server ignore startIndex?`,
      );
    yield fresh;
    startIndex += page.items.length;
    if (page.totalResults !== undefined && startIndex > page.totalResults) return;
  }
}
