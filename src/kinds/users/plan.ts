import { userKey } from '../../model/identity';
import { describeRole } from '../../model/roles';
import { fieldsOfUserKeys, userNameOfTriggerKey } from '../../model/triggers';
import { capped, clears, constructName, ranked, warnedName as name, warnedNames as names } from '../../plan/render';
import { WARNING_RANK, type AccessFacts, type ConstructBlock, type PlanHooks, type RankedWarning } from '../../plan/section';
import type { Triggers } from '../../plan/plan-json';
import { plural } from '../../report/words';
import { attributeNow, usersNow } from '../../people/current';
import { analyzePeople, peopleRemovals, WARN_USERS_CLEARED, type PeopleSection } from '../../people/plan-section';
import { renderPeople } from '../../people/plan-render';
import { peopleTotals } from '../../people/plan-totals';
import { FIELD_MAPPINGS } from './fields';
import { CUSTOM_TRIGGER_PREFIX, USER_FIELDS, type UserField } from './model';

const FIELDS: readonly string[] = USER_FIELDS;

export const usersPlan: PlanHooks<PeopleSection> = {
  recognize(keys) {
    const fields = fieldsOfUserKeys(keys);
    return (
      fields !== undefined &&
      (fields.some((f) => f.startsWith(CUSTOM_TRIGGER_PREFIX) || f === 'role') || fields.every((f) => FIELDS.includes(f)))
    );
  },
  // Fields in USER_FIELDS order, then custom.* keys.
  section: (c) =>
    analyzePeople(
      { kind: 'users', absentIsEmpty: false, rank: (k) => (FIELDS.includes(k) ? FIELDS.indexOf(k) : FIELDS.length) },
      c.instances,
      c.info,
    ),
  render: (s) =>
    renderPeople(s, {
      title: 'users',
      absent: '*(not managed)*',
      leavingFate(policy) {
        if (policy === 'retain') return 'they stay in Domo (removal policy `retain`)';
        if (policy === 'delete') return 'they are **deleted from Domo** (removal policy `delete`)';
        return "handled per the construct's removal policy (default `retain`: they stay in Domo; `delete` deletes them)";
      },
    }),
  warnings: (s) => [...roleWarnings(s), ...removalWarnings(s), ...clearWarnings(s)],
  totals: peopleTotals,
  removals: (s, c) => peopleRemovals(s, c.instances, s.removalPolicy === 'delete'),
  current: (after, index, old) =>
    usersNow(
      after,
      index,
      (field, live, desired) => {
        if (field.startsWith(CUSTOM_TRIGGER_PREFIX)) return attributeNow(live, field.slice(CUSTOM_TRIGGER_PREFIX.length), desired);
        if (!FIELDS.includes(field)) return undefined;
        const value = FIELD_MAPPINGS[field as UserField].read(live);
        if (field === 'role') return value === '' ? '' : describeRole(value);
        if (field !== 'manager' || value === '') return value;
        const name = index.userNameOfId.get(value) ?? `id ${value}`;
        return userKey(name) === userKey(desired) ? desired : name;
      },
      old,
    ),
  facts: roleFacts,
};

/** Each user's role by userKey on one side of the plan. */
function rolesOf(triggers: Triggers | null, into: Map<string, { userName: string; role: string }>): void {
  for (const [key, value] of triggers ?? [])
    if (key.endsWith('/role')) into.set(userKey(userNameOfTriggerKey(key)), { userName: userNameOfTriggerKey(key), role: value });
}

/** Every user's role before and after (users move between shards); a user leaving the code keeps theirs unless deleted. */
function roleFacts({ block, manifest }: ConstructBlock, into: AccessFacts): void {
  const before = new Map<string, { userName: string; role: string }>();
  const after = new Map<string, { userName: string; role: string }>();
  for (const i of block.instances) {
    rolesOf(i.before, before);
    rolesOf(i.after, after);
  }
  const keep = manifest?.removalPolicy !== 'delete';
  for (const key of new Set([...before.keys(), ...after.keys()])) {
    const b = before.get(key);
    const a = after.get(key) ?? (keep ? b : undefined);
    into.roles.set(key, { userName: (a ?? b)!.userName, before: b?.role ?? null, after: a?.role ?? null });
  }
}

/** `Admin (1)`, `Privileged (2)` (as DomoUsers renders roles) or the bare names. */
export function isPrivilegedRole(value: string | undefined): boolean {
  if (value === undefined) return false;
  return /^(Admin|Privileged)\b/i.test(value.trim()) || /\((1|2)\)$/.test(value.trim());
}

function roleWarnings(s: PeopleSection): RankedWarning[] {
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
  return ranked(
    WARNING_RANK.privilege,
    capped(texts, (n) => `… and ${plural(n, 'more user')} given role Admin or Privileged in ${constructName(s)}`),
  );
}

function removalWarnings(s: PeopleSection): RankedWarning[] {
  if (s.leaving.length === 0) return [];
  const count = plural(s.leaving.length, 'user');
  const text =
    s.removalPolicy === 'delete'
      ? `**${count} deleted from Domo** by ${constructName(s)} (removal policy \`delete\`): ${names(s.leaving)}`
      : s.removalPolicy === undefined
        ? `${count} leaving ${constructName(s)}: deleted from Domo if its removal policy is \`delete\` (default \`retain\`): ${names(s.leaving)}`
        : undefined;
  return text === undefined ? [] : ranked(WARNING_RANK.removal, [{ text, count: s.leaving.length }]);
}

function clearWarnings(s: PeopleSection): RankedWarning[] {
  const emptied = s.changed.filter((u) => u.changes.some(clears)).length;
  return emptied > WARN_USERS_CLEARED
    ? ranked(WARNING_RANK.clears, [
        { text: `**Fields or attributes of ${plural(emptied, 'user')} cleared** by ${constructName(s)}`, count: 1 },
      ])
    : [];
}
