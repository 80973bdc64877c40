import { customAttributesOf } from '../domo/scim/custom-attributes';
import type { ScimUser } from '../domo/scim/schemas';
import { distinctSorted } from '../engine/planner/attributes';
import { planUser } from '../engine/planner/user';
import { userKey } from '../model/identity';
import { customRoleName } from '../model/roles';
import type { DesiredPerson, OutsiderDrift, PeopleDirectory, PeopleSet, UserDrift, ValueDifference } from './drift-types';

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Domo's users looked up both ways, and its roles when a custom role is given by name. */
export function directoryOf(
  users: readonly ScimUser[],
  roles: ReadonlyArray<{ readonly id: number; readonly name: string }> | undefined,
): PeopleDirectory & { byKey: ReadonlyMap<string, ScimUser> } {
  const byKey = new Map<string, ScimUser>();
  for (const u of users) if (!byKey.has(userKey(u.userName))) byKey.set(userKey(u.userName), u);
  const userNames = new Map(users.map((u) => [u.id, u.userName]));
  return {
    byKey,
    userId: (userName) => byKey.get(userKey(userName))?.id,
    userNameOf: (id) => userNames.get(id),
    roleId(ref) {
      const name = customRoleName(ref);
      if (name === undefined) return ref;
      const role = roles?.find((r) => r.name === name) ?? roles?.find((r) => r.name.toLowerCase() === name.toLowerCase());
      return role ? String(role.id) : ref;
    },
  };
}

interface Collected {
  userName: string;
  missing: boolean;
  creatable: boolean;
  constructs: string[];
  differences: ValueDifference[];
}

/** The users of every construct that are missing or differ, merged per user across constructs, sorted by userName ignoring case. */
export function computeUserDrift(sets: readonly PeopleSet[], directory: ReturnType<typeof directoryOf>): UserDrift[] {
  const drifts = new Map<string, Collected>();
  for (const set of sets) for (const person of set.users) compareUser(drifts, directory, set, person);
  return [...drifts.entries()]
    .filter(([, d]) => d.missing || d.differences.length > 0)
    .sort(([a], [b]) => compare(a, b))
    .map(([, d]) => ({
      userName: d.userName,
      status: d.missing ? 'missing' : 'changed',
      constructs: d.constructs,
      differences: d.missing ? [] : d.differences,
      ...(d.missing && d.creatable ? { creatable: true } : {}),
    }));
}

function compareUser(
  drifts: Map<string, Collected>,
  directory: ReturnType<typeof directoryOf>,
  set: PeopleSet,
  person: DesiredPerson,
): void {
  const construct = set.constructPath;
  const key = userKey(person.userName);
  const entry = (missing: boolean) => {
    const found = drifts.get(key) ?? { userName: person.userName, missing, creatable: false, constructs: [], differences: [] };
    if (!found.constructs.includes(construct)) found.constructs.push(construct);
    drifts.set(key, found);
    return found;
  };
  const live = directory.byKey.get(key);
  if (!live) {
    entry(true).creatable ||= set.creates !== undefined;
    return;
  }
  const fields = person.fields?.resolve(directory);
  const plan = planUser(live, { attributes: person.attributes, keys: person.keys, ...(fields ? { fields: fields.planner } : {}) });
  for (const c of plan.attributes)
    entry(false).differences.push({ construct, kind: 'attribute', key: c.key, desired: [...c.to], live: [...c.from] });
  for (const c of plan.fields) entry(false).differences.push({ construct, kind: 'field', key: c.field, ...fields!.show(c) });
}

/**
 * Users outside the desired set who hold what only this stack writes (from the same listing: no
 * request of its own). A managed key of a `clear` construct is owned by the stack: anyone who holds
 * a value for it and is desired for it by no construct is an outsider of the first such construct.
 * A `delete` construct recognises its former users by a marker key: a custom attribute it writes
 * for every one of its users that no other construct of the stack writes; a user it does not desire
 * who holds a value for that key is an outsider. Without such a key, nobody is recognised
 * (deleting on a guess is not an option).
 */
export function findOutsiders(sets: readonly PeopleSet[], liveUsers: readonly ScimUser[]): OutsiderDrift[] {
  const writers = new Map<string, Set<string>>();
  const desiredFor = new Map<string, Set<string>>();
  const add = (map: Map<string, Set<string>>, key: string, value: string) => map.set(key, (map.get(key) ?? new Set()).add(value));
  for (const set of sets) {
    for (const key of set.managedKeys ?? []) add(writers, key, set.constructPath);
    for (const person of set.users) {
      for (const key of person.keys) {
        add(writers, key, set.constructPath);
        add(desiredFor, key, userKey(person.userName));
      }
    }
  }
  const owners = new Map<string, { construct: string; removal: 'clear' | 'delete'; desiredUsers?: ReadonlySet<string> }>();
  for (const set of sets) {
    if (set.removal !== 'clear') continue;
    for (const key of set.managedKeys ?? []) if (!owners.has(key)) owners.set(key, { construct: set.constructPath, removal: 'clear' });
  }
  for (const set of sets) {
    if (set.removal !== 'delete' || set.users.length === 0) continue;
    const desiredUsers = new Set(set.users.map((u) => userKey(u.userName)));
    for (const key of markerKeys(set.users)) {
      if (writers.get(key)?.size === 1 && !owners.has(key))
        owners.set(key, { construct: set.constructPath, removal: 'delete', desiredUsers });
    }
  }
  if (owners.size === 0) return [];
  return outsidersHolding(owners, desiredFor, liveUsers);
}

function outsidersHolding(
  owners: ReadonlyMap<string, { construct: string; removal: 'clear' | 'delete'; desiredUsers?: ReadonlySet<string> }>,
  desiredFor: ReadonlyMap<string, ReadonlySet<string>>,
  liveUsers: readonly ScimUser[],
): OutsiderDrift[] {
  const found = new Map<string, OutsiderDrift & { values: Record<string, readonly string[]> }>();
  for (const live of liveUsers) {
    const attributes = customAttributesOf(live);
    const id = userKey(live.userName);
    for (const [key, owner] of owners) {
      const values = attributes[key] ?? [];
      if (values.length === 0) continue;
      const isDesired = owner.removal === 'delete' ? owner.desiredUsers!.has(id) : desiredFor.get(key)?.has(id) === true;
      if (isDesired) continue;
      const entryKey = `${id}\0${owner.construct}`;
      const entry = found.get(entryKey) ?? { userName: live.userName, construct: owner.construct, removal: owner.removal, values: {} };
      entry.values[key] = distinctSorted(values);
      found.set(entryKey, entry);
    }
  }
  return [...found.values()].sort((a, b) => compare(userKey(a.userName), userKey(b.userName)) || compare(a.construct, b.construct));
}

/** Custom attribute keys given (a value list, possibly empty) to every one of these users. */
function markerKeys(users: readonly DesiredPerson[]): string[] {
  const [first, ...rest] = users;
  if (!first) return [];
  return Object.keys(first.attributes).filter((key) => rest.every((u) => Object.hasOwn(u.attributes, key)));
}
