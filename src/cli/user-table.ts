/** A fixed-width table of users and chosen custom attributes, for people reading a terminal. */
export function renderUserTable(
  users: ReadonlyArray<{ userName: string; customAttributes?: Readonly<Record<string, readonly string[]>> }>,
  keys: readonly string[],
): string {
  const header = ['userName', ...keys];
  const rows = [...users]
    .sort((a, b) => a.userName.localeCompare(b.userName))
    .map((u) => [u.userName, ...keys.map((k) => (u.customAttributes?.[k] ?? []).join(', ') || '-')]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}
