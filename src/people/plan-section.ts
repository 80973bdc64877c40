import { userKey } from '../model/identity';
import { TRIGGER_KEY_SEPARATOR } from '../model/triggers';
import { byKey } from '../plan/changes';
import { isChanged, rerunWithoutChange, type InstanceChange, type Triggers } from '../plan/plan-json';
import { clears } from '../plan/render';
import type { ConstructInfo, PlanSection, UserRemovals, ValueChange } from '../plan/section';

/** More than this many users with values cleared by one construct is a risky change. */
export const WARN_USERS_CLEARED = 50;

/** A user whose values change; a new user has every `before` undefined. */
export interface UserChange {
  readonly userName: string;
  readonly changes: readonly ValueChange[];
}

/** A users' construct's part of the summary. */
export interface PeopleSection extends PlanSection {
  /** Existing users with changed values, by userName. */
  readonly changed: readonly UserChange[];
  /** Users not in any shard before. */
  readonly created: readonly UserChange[];
  /** userNames in a shard before and in none after: the removal policy applies. */
  readonly leaving: readonly string[];
}

/** How one kind's user shards read. */
export interface PeopleSectionOptions {
  readonly kind: string;
  /** An absent key is an empty value (attributes), rather than one the construct does not manage (fields). */
  readonly absentIsEmpty: boolean;
  /** Where a key sorts among the user's changes (lower first; then by key). @default - by key */
  readonly rank?: (key: string) => number;
}

interface UserValues {
  userName: string;
  values: Map<string, string>;
}

/** `<userName>/<key>` maps of instances, merged per user (case-insensitive userName). */
function usersOf(maps: ReadonlyArray<Triggers | null>): Map<string, UserValues> {
  const users = new Map<string, UserValues>();
  for (const map of maps) {
    for (const [k, v] of map ?? []) {
      const at = k.lastIndexOf(TRIGGER_KEY_SEPARATOR);
      if (at <= 0) continue;
      const userName = k.slice(0, at);
      let user = users.get(userKey(userName));
      if (!user) users.set(userKey(userName), (user = { userName, values: new Map() }));
      user.values.set(k.slice(at + 1), v);
    }
  }
  return users;
}

/** The users of a sharded construct that the plan changes, creates or lets leave, from its instances' trigger maps. */
export function analyzePeople(
  options: PeopleSectionOptions,
  instances: readonly InstanceChange[],
  info: (reruns: number) => ConstructInfo,
): PeopleSection {
  const changedInstances = instances.filter(isChanged);
  const before = usersOf(changedInstances.map((i) => i.before));
  const after = usersOf(changedInstances.map((i) => i.after));
  // Unchanged instances too: a user is leaving only when no instance of the construct has them after.
  const stillDesired = new Set<string>();
  for (const i of instances) for (const id of usersOf([i.after]).keys()) stillDesired.add(id);
  const norm = (v: string | undefined) => (options.absentIsEmpty ? (v ?? '') : v);
  const rank = options.rank ?? (() => 0);
  const order = (a: string, b: string) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  const changed: Array<[string, UserChange]> = [];
  const created: Array<[string, UserChange]> = [];
  for (const [id, user] of after) {
    const old = before.get(id);
    if (!old) {
      const changes = [...user.values].filter(([, v]) => v !== '').map(([key, v]) => ({ key, after: v }));
      created.push([id, { userName: user.userName, changes: changes.sort((a, b) => order(a.key, b.key)) }]);
      continue;
    }
    const changes: ValueChange[] = [];
    for (const key of [...new Set([...old.values.keys(), ...user.values.keys()])].sort(order)) {
      const b = norm(old.values.get(key));
      const a = norm(user.values.get(key));
      if (a !== b) changes.push({ key, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
    }
    if (old.userName !== user.userName) changes.unshift({ key: 'userName', before: old.userName, after: user.userName });
    if (changes.length > 0) changed.push([id, { userName: user.userName, changes }]);
  }
  const leaving = byKey(
    [...before].filter(([id]) => !stillDesired.has(id) && !after.has(id)).map(([id, u]) => [id, u.userName] as [string, string]),
  );
  const reruns = changedInstances.filter(rerunWithoutChange).length;
  return { kind: options.kind, ...info(reruns), changed: byKey(changed), created: byKey(created), leaving };
}

/**
 * What a users' construct's change takes from its users: every user with a value cleared, and the
 * users leaving when their removal policy takes something (`leavingRemoved`), out of the users its
 * instances held before.
 */
export function peopleRemovals(section: PeopleSection, instances: readonly InstanceChange[], leavingRemoved: boolean): UserRemovals {
  const names = new Set<string>();
  for (const i of instances) {
    for (const k of i.before?.keys() ?? []) {
      const at = k.lastIndexOf(TRIGGER_KEY_SEPARATOR);
      if (at > 0) names.add(k.slice(0, at));
    }
  }
  const users = new Set([...names].map(userKey)).size;
  const cleared = section.changed.filter((u) => u.changes.some(clears)).map((u) => u.userName);
  return { users, removed: [...(leavingRemoved ? section.leaving : []), ...cleared] };
}
