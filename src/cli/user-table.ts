import { describeRows } from '../kinds/pdp-policies/model';
import { describeRole } from '../model/roles';
import type { LocalServiceState } from './emulator-package';

/** A fixed-width table of users and chosen custom attributes, for people reading a terminal. */
export function renderUserTable(
  users: ReadonlyArray<{ userName: string; roleId?: number; customAttributes?: Readonly<Record<string, readonly string[]>> }>,
  keys: readonly string[],
): string {
  const header = ['userName', 'role', ...keys];
  const rows = [...users]
    .sort((a, b) => a.userName.localeCompare(b.userName))
    .map((u) => [
      u.userName,
      u.roleId === undefined ? '-' : describeRole(String(u.roleId)),
      ...keys.map((k) => (u.customAttributes?.[k] ?? []).join(', ') || '-'),
    ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, i) => c.padEnd(widths[i]!))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Groups with their members' userNames, for people reading a terminal. */
export function renderGroupTable(state: {
  users: ReadonlyArray<{ id: string; userName: string }>;
  groups: ReadonlyArray<{ displayName: string; domoDisplayName?: string; members: readonly string[] }>;
}): string {
  if (state.groups.length === 0) return '(none)';
  const names = new Map(state.users.map((u) => [u.id, u.userName.replace(/@.*/, '')]));
  return [...state.groups]
    .sort((a, b) => a.displayName.localeCompare(b.displayName))
    .map((g) => {
      const shown = g.domoDisplayName && g.domoDisplayName !== g.displayName ? ` (shown as "${g.domoDisplayName}")` : '';
      const members = g.members.map((id) => names.get(id) ?? id).sort();
      return `${g.displayName}${shown}: ${members.length} member${members.length === 1 ? '' : 's'}\n  ${members.join(', ') || '-'}`;
    })
    .join('\n');
}

/** Each PDP dataset's policies: the rows each shows, and to whom (groups by name, users by local part). */
export function renderPolicyTables(state: LocalServiceState): string[] {
  const userNames = new Map(state.users.map((u) => [Number(u.id), u.userName.replace(/@.*/, '')]));
  const groupNames = new Map(state.groups.map((g) => [Number(g.id), g.displayName]));
  return (state.datasets ?? [])
    .filter((d) => d.policies !== undefined)
    .map((d) => {
      const lines = [...d.policies!]
        .sort((a, b) => (a.type === 'system' ? -1 : b.type === 'system' ? 1 : a.name.localeCompare(b.name)))
        .map((p) => {
          const rows = describeRows({ filters: p.filters.map((f) => ({ ...f, not: f.not ?? false })) }, (v) => v);
          const to = [
            ...p.groups.map((id) => `group ${groupNames.get(id) ?? id}`),
            ...p.users.map((id) => userNames.get(id) ?? String(id)),
          ];
          return `${p.name}${p.type === 'system' ? ' (system)' : ''}: ${rows}${to.length > 0 ? `\n  to ${to.join(', ')}` : ''}`;
        });
      return `PDP policies of dataset ${d.id}${d.name ? ` (${d.name})` : ''}\n${lines.join('\n')}`;
    });
}
