/** One page of a SCIM list, as returned for a requested startIndex/count. */
export interface Page<T> {
  readonly items: readonly T[];
  /** The server's count of all matches, when it says. */
  readonly totalResults?: number;
}

/** Fetches the page starting at the 1-based `startIndex`, asking for `count` items. */
export type PageFetcher<T> = (startIndex: number, count: number) => Promise<Page<T>>;

/**
 * Yields a SCIM list page by page. It advances by the number of items actually returned, not by
 * the `count` asked for, because servers may clamp `count` or return short pages; it stops at an
 * empty page or once `totalResults` is reached.
 */
export async function* paginate<T>(fetchPage: PageFetcher<T>, pageSize: number): AsyncGenerator<T[], void, undefined> {
  for (let startIndex = 1; ;) {
    const page = await fetchPage(startIndex, pageSize);
    if (page.items.length === 0) return;
    yield [...page.items];
    startIndex += page.items.length;
    if (page.totalResults !== undefined && startIndex > page.totalResults) return;
  }
}
