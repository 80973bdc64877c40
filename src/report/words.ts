/** Counts and lists in running text, the same in every report and message. */

/** 9950 -> "9,950". */
export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

/** 1 -> "1 user", 9950 -> "9,950 users". */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${formatCount(n)} ${n === 1 ? one : many}`;
}

/** ["a"] -> "a", ["a", "b", "c"] -> "a, b and c". */
export function andList(items: readonly string[]): string {
  return items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]!}`;
}
