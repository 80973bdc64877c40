import { customAttributesOf } from '../domo/scim/custom-attributes';
import type { ScimUser } from '../domo/scim/schemas';
import { distinctSorted, sameValues } from '../engine/planner/attributes';
import { userKey } from '../model/identity';
import { selectChanged } from '../engine/changed';
import { renderValues, TRIGGER_KEY_SEPARATOR, userDigests, userNameOfTriggerKey, valuesOfRendered } from '../model/triggers';
import type { Triggers } from '../plan/plan-json';
import type { CurrentIndex, OldSide } from '../plan/section';

/**
 * What Domo holds now for one field of a user trigger map (`<userName>/<field>`), as the trigger
 * map would render it; undefined when the kind does not know the field.
 */
export type LiveValueOf = (field: string, live: ScimUser, desired: string, index: CurrentIndex) => string | undefined;

/** A custom attribute as its trigger renders it: the desired value itself when Domo holds the same set (order is no change). */
export function attributeNow(live: ScimUser, key: string, desired: string): string {
  const values = customAttributesOf(live)[key] ?? [];
  return sameValues(values, valuesOfRendered(desired)) ? desired : renderValues(distinctSorted(values));
}

/**
 * The trigger map Domo's users would give a user shard, for the users Domo has; null when it has
 * none of them. A shard run again (`old`) reads from Domo the users the engine plans again, as it
 * selects them (selectChanged: everyone when it is reconciled whole, else those whose triggers
 * changed); the others, and users only the state holds, keep the state's values.
 */
export function usersNow(after: Triggers, index: CurrentIndex, valueOf: LiveValueOf, old?: OldSide): Triggers | null {
  const users = [...new Set([...after.keys()].filter(isUserKey).map(userNameOfTriggerKey))].map((userName) => ({ userName }));
  const planned = old
    ? selectChanged(users, Object.fromEntries(after), userDigests(Object.fromEntries(old.before)), old.whole).users
    : users;
  const fromDomo = new Set(planned.map((u) => u.userName));
  const before = new Map<string, string>();
  for (const [key, value] of old?.before ?? []) if (!isUserKey(key) || !fromDomo.has(userNameOfTriggerKey(key))) before.set(key, value);
  for (const [key, desired] of after) {
    if (!isUserKey(key) || !fromDomo.has(userNameOfTriggerKey(key))) continue;
    const live = index.users.get(userKey(userNameOfTriggerKey(key)));
    if (!live) continue;
    const value = valueOf(key.slice(key.lastIndexOf(TRIGGER_KEY_SEPARATOR) + 1), live, desired, index);
    if (value !== undefined) before.set(key, value);
  }
  return before.size > 0 || old ? before : null;
}

const isUserKey = (key: string) => key.lastIndexOf(TRIGGER_KEY_SEPARATOR) > 0;
