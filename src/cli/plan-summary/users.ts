import { userKey } from '../../model/identity';
import { USER_FIELDS } from '../../kinds/users/model';
import type { ConstructInfo, UserChange, UsersSection, ValueChange } from './analyze';
import { byKey } from './changes';
import { isChanged, type InstanceChange, type Triggers } from './plan-json';

const USER_FIELD_NAMES: readonly string[] = USER_FIELDS;

interface UserValues {
  userName: string;
  values: Map<string, string>;
}

/** `<userName>/<key>` maps of instances, merged per user (case-insensitive userName). */
function usersOf(maps: ReadonlyArray<Triggers | null>): Map<string, UserValues> {
  const users = new Map<string, UserValues>();
  for (const map of maps) {
    for (const [k, v] of map ?? []) {
      const at = k.lastIndexOf('/');
      if (at <= 0) continue;
      const userName = k.slice(0, at);
      let user = users.get(userKey(userName));
      if (!user) users.set(userKey(userName), (user = { userName, values: new Map() }));
      user.values.set(k.slice(at + 1), v);
    }
  }
  return users;
}

/** users: USER_FIELDS order, then custom.* keys; user-attributes: by key. */
function fieldOrder(kind: UsersSection['kind']) {
  return (a: string, b: string) => {
    const rank = (k: string) => (kind === 'users' && USER_FIELD_NAMES.includes(k) ? USER_FIELD_NAMES.indexOf(k) : USER_FIELD_NAMES.length);
    return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
  };
}

export function analyzeUsers(
  kind: UsersSection['kind'],
  instances: readonly InstanceChange[],
  info: (reruns: number) => ConstructInfo,
): UsersSection {
  const changedInstances = instances.filter(isChanged);
  const before = usersOf(changedInstances.map((i) => i.before));
  const after = usersOf(changedInstances.map((i) => i.after));
  // Unchanged instances too: a user is leaving only when no instance of the construct has them after.
  const stillDesired = new Set<string>();
  for (const i of instances)
    for (const k of i.after?.keys() ?? []) if (k.lastIndexOf('/') > 0) stillDesired.add(userKey(k.slice(0, k.lastIndexOf('/'))));
  // An attribute without a value and an absent one are the same in Domo; a users field that is absent is not managed.
  const norm = (v: string | undefined) => (kind === 'user-attributes' ? (v ?? '') : v);
  const order = fieldOrder(kind);

  const changed: Array<[string, UserChange]> = [];
  const created: Array<[string, UserChange]> = [];
  for (const [id, user] of after) {
    const old = before.get(id);
    if (!old) {
      const changes = [...user.values].filter(([, v]) => v !== '').map(([key, v]) => ({ key, after: v }));
      created.push([id, { userName: user.userName, changes: changes.sort((a, b) => order(a.key, b.key)) }]);
      continue;
    }
    const keys = [...new Set([...old.values.keys(), ...user.values.keys()])].sort(order);
    const changes: ValueChange[] = [];
    for (const key of keys) {
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
  const reruns = changedInstances.filter((i) => !i.fromDomo && i.before !== null && i.after !== null && sameMap(i.before, i.after)).length;
  return { kind, ...info(reruns), changed: byKey(changed), created: byKey(created), leaving };
}

function sameMap(a: Triggers, b: Triggers): boolean {
  if (a.size !== b.size) return false;
  for (const [k, v] of a) if (b.get(k) !== v) return false;
  return true;
}
