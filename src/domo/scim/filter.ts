/**
 * SCIM filter building. A filter compValue is a JSON string literal (RFC 7644 §3.4.2.2), so JSON
 * escaping is exactly right: a value like `" or userName pr "` stays inside its quotes.
 */
export function escapeFilterValue(value: string): string {
  return JSON.stringify(value).slice(1, -1);
}

/** `userName eq "<escaped>"`. Domo compares userName case-insensitively; callers re-check locally. */
export function userNameFilter(userName: string): string {
  return `userName eq "${escapeFilterValue(userName)}"`;
}

/** `displayName eq "<escaped>"`. Group filtering is undocumented in Domo; callers re-check locally and fall back to a listing. */
export function displayNameFilter(displayName: string): string {
  return `displayName eq "${escapeFilterValue(displayName)}"`;
}
