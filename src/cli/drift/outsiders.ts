import { customAttributesOf } from '../../domo/scim/custom-attributes';
import { distinctSorted } from '../../engine/planner/attributes';
import { userKey } from '../../model/identity';
import type { ScimUser } from '../../domo/scim/schemas';
import type { OutsiderDrift } from './compute';
import type { DesiredState } from './desired-state';
import { compare } from './order';

/**
 * Users outside the desired set who hold what only this stack writes (from the same listing: no
 * request of its own). A managed key of a `clear` DomoUserAttributes is owned by the stack: anyone
 * who holds a value for it and is desired for it by no construct is an outsider of the first such
 * construct. A `delete` DomoUsers construct recognises its former users by a marker key: a custom
 * attribute it writes for every one of its users that no other construct of the stack writes;
 * a user it does not desire who holds a value for that key is an outsider. Without such a key,
 * nobody is recognised (deleting on a guess is not an option).
 */
export function findOutsiders(desired: DesiredState, liveUsers: readonly ScimUser[]): OutsiderDrift[] {
  const writers = new Map<string, Set<string>>();
  const desiredFor = new Map<string, Set<string>>();
  const note = (key: string, construct: string, userName: string) => {
    if (!writers.has(key)) writers.set(key, new Set());
    writers.get(key)!.add(construct);
    if (!desiredFor.has(key)) desiredFor.set(key, new Set());
    desiredFor.get(key)!.add(userKey(userName));
  };
  for (const set of desired.userAttributes) {
    for (const key of set.managedKeys) writers.set(key, (writers.get(key) ?? new Set()).add(set.constructPath));
    for (const user of set.users) for (const key of set.managedKeys) note(key, set.constructPath, user.userName);
  }
  for (const set of desired.users)
    for (const user of set.users) for (const key of Object.keys(user.customAttributes)) note(key, set.constructPath, user.userName);

  const owners = new Map<string, { construct: string; removal: 'clear' | 'delete'; desiredUsers?: ReadonlySet<string> }>();
  for (const set of desired.userAttributes) {
    if (set.removalPolicy !== 'clear') continue;
    for (const key of set.managedKeys) if (!owners.has(key)) owners.set(key, { construct: set.constructPath, removal: 'clear' });
  }
  for (const set of desired.users) {
    if (set.removalPolicy !== 'delete' || set.users.length === 0) continue;
    const desiredUsers = new Set(set.users.map((u) => userKey(u.userName)));
    for (const key of markerKeys(set.users)) {
      if (writers.get(key)?.size === 1 && !owners.has(key))
        owners.set(key, { construct: set.constructPath, removal: 'delete', desiredUsers });
    }
  }
  if (owners.size === 0) return [];

  const found = new Map<string, OutsiderDrift & { values: Record<string, readonly string[]> }>();
  for (const live of liveUsers) {
    const attributes = customAttributesOf(live);
    for (const [key, owner] of owners) {
      const values = attributes[key] ?? [];
      if (values.length === 0) continue;
      const id = userKey(live.userName);
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
function markerKeys(users: readonly { readonly customAttributes: Readonly<Record<string, readonly string[]>> }[]): string[] {
  const [first, ...rest] = users;
  if (!first) return [];
  return Object.keys(first.customAttributes).filter((key) => rest.every((u) => Object.hasOwn(u.customAttributes, key)));
}
