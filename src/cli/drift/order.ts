/** Code-unit order, so reports sort the same on every machine whatever its locale. */
export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Names sorted ignoring case, as Domo matches them. */
export function byKey(a: string, b: string): number {
  return compare(a.toLowerCase(), b.toLowerCase());
}
