import { describeRole } from '../model/roles';
import { policyChanges, type PolicyChanges, type PolicyState } from './policy-changes';

/** What a summary reads of Domo's state: users, groups and policies as the local service's snapshot has them. */
export interface IdentityState extends PolicyState {
  readonly users: ReadonlyArray<{
    readonly id: string;
    readonly userName: string;
    readonly roleId?: number;
    readonly customAttributes?: Readonly<Record<string, readonly string[]>>;
    /** Profile fields (displayName, title, department, …). */
    readonly [field: string]: unknown;
  }>;
  readonly groups: ReadonlyArray<{ readonly displayName: string; readonly members: readonly string[] }>;
}

/** One request of the service's log. */
export interface LoggedRequest {
  readonly method: string;
}

/** What changed between two states, counted for people. */
export interface StateChanges {
  readonly users: {
    readonly before: number;
    readonly after: number;
    readonly created: string[];
    readonly deleted: string[];
    /** Profile field -> how many users' value changed. */
    readonly fields: Array<[string, number]>;
  };
  readonly roles: Array<{ readonly userName: string; readonly from?: number; readonly to?: number }>;
  readonly attributes: {
    /** (user, key) pairs whose values changed. */
    readonly values: number;
    readonly users: number;
    /** Key -> how many users' values changed, in the order first seen. */
    readonly byKey: Array<[string, number]>;
  };
  readonly groups: {
    readonly created: Array<{ readonly name: string; readonly members: number }>;
    readonly deleted: string[];
    readonly changed: Array<{ readonly name: string; readonly joined: number; readonly left: number }>;
  };
  readonly policies: PolicyChanges;
  /** Requests by method, most first. */
  readonly requests: Array<[string, number]>;
}

/** Fields that are not a user's profile: identity, role, attributes and what Domo derives. */
const NOT_PROFILE = new Set(['id', 'userName', 'roleId', 'customAttributes', 'groups', 'ownsDatasets', 'meta']);

const sameValues = (a: readonly string[] = [], b: readonly string[] = []) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

type User = IdentityState['users'][number];
type Group = IdentityState['groups'][number];

/**
 * Counts what changed from `before` to `after` (users matched by userName, case-insensitively;
 * groups by name). Attribute keys are listed in `keyOrder`'s order, then by name.
 */
export function stateChanges(
  before: IdentityState,
  after: IdentityState,
  requests: readonly LoggedRequest[],
  keyOrder: readonly string[] = [],
): StateChanges {
  const byName = (users: IdentityState['users']) => new Map(users.map((u) => [u.userName.toLowerCase(), u]));
  const old = byName(before.users);
  const now = byName(after.users);
  const { fields, roles, attributes } = userChanges(old, now, keyOrder);
  return {
    users: {
      before: before.users.length,
      after: after.users.length,
      created: [...now.keys()].filter((n) => !old.has(n)).map((n) => now.get(n)!.userName),
      deleted: [...old.keys()].filter((n) => !now.has(n)).map((n) => old.get(n)!.userName),
      fields,
    },
    roles,
    attributes,
    groups: groupChanges(before.groups, after.groups),
    policies: policyChanges(before, after),
    requests: requestCounts(requests),
  };
}

/** Profile fields, roles and attribute values changed on the users both states hold. */
function userChanges(
  old: ReadonlyMap<string, User>,
  now: ReadonlyMap<string, User>,
  keyOrder: readonly string[],
): Pick<StateChanges, 'roles' | 'attributes'> & { fields: StateChanges['users']['fields'] } {
  const fields = new Map<string, number>();
  const byKey = new Map<string, number>();
  const roles: StateChanges['roles'] = [];
  const attributeUsers = new Set<string>();
  let values = 0;
  for (const [name, user] of now) {
    const was = old.get(name);
    if (!was) continue;
    if (was.roleId !== user.roleId) roles.push({ userName: user.userName, from: was.roleId, to: user.roleId });
    for (const field of new Set([...Object.keys(was), ...Object.keys(user)])) {
      if (!NOT_PROFILE.has(field) && JSON.stringify(was[field]) !== JSON.stringify(user[field])) {
        fields.set(field, (fields.get(field) ?? 0) + 1);
      }
    }
    const keys = new Set([...Object.keys(was.customAttributes ?? {}), ...Object.keys(user.customAttributes ?? {})]);
    for (const key of keys) {
      if (sameValues(was.customAttributes?.[key], user.customAttributes?.[key])) continue;
      byKey.set(key, (byKey.get(key) ?? 0) + 1);
      attributeUsers.add(name);
      values += 1;
    }
  }
  return {
    fields: [...fields].sort(([a], [b]) => a.localeCompare(b)),
    roles,
    attributes: {
      values,
      users: attributeUsers.size,
      byKey: [...byKey].sort(([a], [b]) => rank(keyOrder, a) - rank(keyOrder, b) || a.localeCompare(b)),
    },
  };
}

/** Groups created, deleted and with members joined or left. */
function groupChanges(before: readonly Group[], after: readonly Group[]): StateChanges['groups'] {
  const groupsBefore = new Map(before.map((g) => [g.displayName, g]));
  const groupsAfter = new Map(after.map((g) => [g.displayName, g]));
  const changed: StateChanges['groups']['changed'] = [];
  for (const [name, group] of groupsAfter) {
    const was = groupsBefore.get(name);
    if (!was) continue;
    const joined = group.members.filter((m) => !was.members.includes(m)).length;
    const left = was.members.filter((m) => !group.members.includes(m)).length;
    if (joined + left > 0) changed.push({ name, joined, left });
  }
  return {
    created: [...groupsAfter.values()]
      .filter((g) => !groupsBefore.has(g.displayName))
      .map((g) => ({ name: g.displayName, members: g.members.length }))
      .sort((a, b) => a.name.localeCompare(b.name)),
    deleted: [...groupsBefore.keys()].filter((n) => !groupsAfter.has(n)),
    changed,
  };
}

function requestCounts(requests: readonly LoggedRequest[]): StateChanges['requests'] {
  const methods = new Map<string, number>();
  for (const r of requests) methods.set(r.method, (methods.get(r.method) ?? 0) + 1);
  return [...methods].sort(([, a], [, b]) => b - a);
}

/** Where `item` stands in `order`; after every listed item when it is not there. */
const rank = (order: readonly string[], item: string) => (order.includes(item) ? order.indexOf(item) : order.length);

/** At most `max` items, then how many more. */
function list(items: readonly string[], max = 4): string {
  const shown = items.slice(0, max).join(', ');
  return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

const counted = (pairs: ReadonlyArray<[string, number]>) => pairs.map(([name, n]) => `${name} ${n}`);
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** The changes as aligned lines, one per subject: users, roles, attributes, groups, policies (when any), requests. */
export function renderStateChanges(changes: StateChanges): string {
  const { users, roles, attributes, groups, policies, requests } = changes;
  const userParts = [
    users.created.length ? `${users.created.length} created (${list(users.created)})` : 'none created',
    users.deleted.length ? `${users.deleted.length} deleted (${list(users.deleted)})` : 'none deleted',
    users.fields.length ? `profile fields changed: ${list(counted(users.fields), 6)}` : 'no profile field changed',
  ];
  const roleLine = roles.length
    ? `${roles.length} changed: ${list(
        roles.map((r) => `${r.userName} ${roleName(r.from)} -> ${roleName(r.to)}`),
        3,
      )}`
    : 'none changed';
  const attributeLine = attributes.values
    ? `${plural(attributes.values, 'value')} changed on ${plural(attributes.users, 'user')}: ${counted(attributes.byKey).join(', ')}`
    : 'none changed';
  const groupParts = [
    groups.created.length
      ? `${groups.created.length} created (${list(
          groups.created.map((g) => `${g.name}: ${plural(g.members, 'member')}`),
          3,
        )})`
      : 'none created',
    groups.changed.length
      ? `${groups.changed.length} changed (${list(
          groups.changed.map((g) => `${g.name}: +${g.joined} -${g.left}`),
          3,
        )})`
      : 'none changed',
    groups.deleted.length ? `${groups.deleted.length} deleted (${list(groups.deleted)})` : 'none deleted',
  ];
  const total = requests.reduce((sum, [, n]) => sum + n, 0);
  const rows: Array<[string, string]> = [
    ['users', `${users.before} -> ${users.after}: ${userParts.join('; ')}`],
    ['roles', roleLine],
    ['attributes', attributeLine],
    ['groups', groupParts.join('; ')],
    ...(policies.created.length + policies.changed.length + policies.deleted.length > 0
      ? [['policies', policyLine(policies)] as [string, string]]
      : []),
    ['requests', total ? `${total}: ${counted(requests).join(', ')}` : 'none'],
  ];
  return rows.map(([subject, text]) => `  ${subject.padEnd(10)}  ${text}`).join('\n');
}

function policyLine(p: PolicyChanges): string {
  const part = (names: readonly string[], what: string) => (names.length ? `${names.length} ${what} (${list(names, 3)})` : `none ${what}`);
  return [part(p.created, 'created'), part(p.changed, 'changed'), part(p.deleted, 'deleted')].join('; ');
}

function roleName(id: number | undefined): string {
  return id === undefined ? '(none)' : describeRole(String(id));
}
