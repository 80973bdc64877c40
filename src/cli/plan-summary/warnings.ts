import type { DefinitionsSection, GroupsSection, Section, UsersSection } from './analyze';
import { clip, code, formatCount, plural } from '../../report/markdown';
import { clears, constructName, isPrivilegedRole } from './values';

/** Thresholds of the risky-change warnings. */
export const WARN_MEMBERS_REMOVED = 20;
export const WARN_MEMBERS_REMOVED_SHARE = 0.25;
export const WARN_USERS_CLEARED = 50;
/** Warnings of one kind per construct listed one by one; the rest are counted. */
export const WARNINGS_LISTED_PER_KIND = 5;

/** One warning line; `count` is how many risky changes it stands for (a summary line stands for several). */
export interface Warning {
  readonly text: string;
  readonly count: number;
}

const name = (text: string) => code(clip(text));
const names = (list: readonly string[]) =>
  list.slice(0, 3).map(name).join(', ') + (list.length > 3 ? ` and ${formatCount(list.length - 3)} more` : '');

/** Lists up to WARNINGS_LISTED_PER_KIND, then one line counting the rest. */
export function capped(texts: readonly string[], rest: (n: number) => string): Warning[] {
  const shown = texts.slice(0, WARNINGS_LISTED_PER_KIND).map((text) => ({ text, count: 1 }));
  const hidden = texts.length - shown.length;
  return hidden > 0 ? [...shown, { text: rest(hidden), count: hidden }] : shown;
}

function roleWarnings(s: UsersSection): Warning[] {
  if (s.kind !== 'users') return [];
  const texts: string[] = [];
  for (const [user, isNew] of [...s.changed.map((u) => [u, false] as const), ...s.created.map((u) => [u, true] as const)]) {
    const role = user.changes.find((c) => c.key === 'role');
    if (!role || !isPrivilegedRole(role.after) || role.before === role.after) continue;
    texts.push(
      isNew || role.before === undefined
        ? `${name(user.userName)} is given role **${name(role.after!)}** in ${constructName(s)}${isNew ? ' (new user)' : ''}`
        : `${name(user.userName)}: role ${name(role.before || '(empty)')} → **${name(role.after!)}** in ${constructName(s)}`,
    );
  }
  return capped(texts, (n) => `… and ${plural(n, 'more user')} given role Admin or Privileged in ${constructName(s)}`);
}

function userRemovalWarnings(s: UsersSection): Warning[] {
  if (s.leaving.length === 0) return [];
  const count = plural(s.leaving.length, 'user');
  if (s.kind === 'users') {
    if (s.removalPolicy === 'delete')
      return [
        {
          text: `**${count} deleted from Domo** by ${constructName(s)} (removal policy \`delete\`): ${names(s.leaving)}`,
          count: s.leaving.length,
        },
      ];
    if (s.removalPolicy === undefined) {
      return [
        {
          text: `${count} leaving ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`): ${names(s.leaving)}`,
          count: s.leaving.length,
        },
      ];
    }
    return [];
  }
  // user-attributes: more than WARN_USERS_CLEARED users with values cleared, leaving or not.
  const leavingCleared = s.removalPolicy === 'retain' ? 0 : s.leaving.length;
  const emptied = s.changed.filter((u) => u.changes.some(clears)).length;
  if (leavingCleared + emptied <= WARN_USERS_CLEARED) return [];
  const why = [
    leavingCleared > 0
      ? `${formatCount(leavingCleared)} leaving${s.removalPolicy === undefined ? ' (if its removal policy is `clear`, the default)' : ''}`
      : '',
    emptied > 0 ? `${formatCount(emptied)} with values emptied` : '',
  ].filter(Boolean);
  return [
    { text: `**Attributes of ${plural(leavingCleared + emptied, 'user')} cleared** by ${constructName(s)}: ${why.join(', ')}`, count: 1 },
  ];
}

function fieldClearWarnings(s: UsersSection): Warning[] {
  if (s.kind !== 'users') return [];
  const emptied = s.changed.filter((u) => u.changes.some(clears)).length;
  return emptied > WARN_USERS_CLEARED
    ? [{ text: `**Fields or attributes of ${plural(emptied, 'user')} cleared** by ${constructName(s)}`, count: 1 }]
    : [];
}

function groupWarnings(s: GroupsSection): Warning[] {
  const deletions: string[] = [];
  const removals: string[] = [];
  const switches: string[] = [];
  for (const g of s.groups) {
    if (g.status === 'removed') {
      const what = `${name(g.displayName)} (${plural(g.membersBefore, 'member')})`;
      if (s.removalPolicy === 'delete')
        deletions.push(`Group ${what} is **deleted from Domo** by ${constructName(s)} (removal policy \`delete\`)`);
      else if (s.removalPolicy === undefined)
        deletions.push(
          `Group ${what} leaves ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`)`,
        );
      continue;
    }
    const authoritative = g.membership !== 'additive';
    const removed = g.leaving.length;
    if (authoritative && removed > 0 && (removed > WARN_MEMBERS_REMOVED || removed > g.membersBefore * WARN_MEMBERS_REMOVED_SHARE)) {
      const share = g.membersBefore === 0 ? 100 : Math.round((removed / g.membersBefore) * 100);
      removals.push(
        `Group ${name(g.displayName)} loses **${formatCount(removed)} of ${plural(g.membersBefore, 'member')}** (${share}%) in ${constructName(s)}`,
      );
    }
    if (g.fields.some((f) => f.key === 'membership' && f.after === 'authoritative')) {
      switches.push(
        `Group ${name(g.displayName)} becomes **authoritative**: members not listed are removed, including any added by hand in Domo`,
      );
    }
  }
  return [
    ...capped(deletions, (n) => `… and ${plural(n, 'more group')} leaving ${constructName(s)}`),
    ...capped(removals, (n) => `… and ${plural(n, 'more group')} losing many members in ${constructName(s)}`),
    ...capped(switches, (n) => `… and ${plural(n, 'more group')} becoming authoritative in ${constructName(s)}`),
  ];
}

function definitionWarnings(s: DefinitionsSection): Warning[] {
  const texts: string[] = [];
  for (const d of s.definitions) {
    if (d.status !== 'removed') continue;
    if (s.removalPolicy === 'delete')
      texts.push(`Attribute definition ${name(d.key)} is **deleted from Domo** by ${constructName(s)} (removal policy \`delete\`)`);
    else if (s.removalPolicy === undefined)
      texts.push(
        `Attribute definition ${name(d.key)} leaves ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`)`,
      );
  }
  return capped(texts, (n) => `… and ${plural(n, 'more definition')} leaving ${constructName(s)}`);
}

/** Every risky change, most dangerous kinds first: privileged roles, deletions, clears, member removals. */
export function collectWarnings(sections: readonly Section[]): Warning[] {
  const users = sections.filter((s): s is UsersSection => s.kind === 'users' || s.kind === 'user-attributes');
  const groups = sections.filter((s): s is GroupsSection => s.kind === 'directory-groups');
  const definitions = sections.filter((s): s is DefinitionsSection => s.kind === 'custom-attributes');
  return [
    ...users.flatMap(roleWarnings),
    ...users.flatMap(userRemovalWarnings),
    ...definitions.flatMap(definitionWarnings),
    ...groups.flatMap(groupWarnings),
    ...users.flatMap(fieldClearWarnings),
  ];
}
