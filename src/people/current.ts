import { customAttributesOf } from '../domo/scim/custom-attributes';
import type { ScimUser } from '../domo/scim/schemas';
import { distinctSorted, sameValues } from '../engine/planner/attributes';
import { userKey } from '../model/identity';
import { renderValues, TRIGGER_KEY_SEPARATOR, valuesOfRendered } from '../model/triggers';
import type { Triggers } from '../plan/plan-json';
import type { CurrentIndex } from '../plan/section';

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

/** The trigger map Domo's users would give a user shard, for the users Domo has; null when it has none of them. */
export function usersNow(after: Triggers, index: CurrentIndex, valueOf: LiveValueOf): Triggers | null {
  const before = new Map<string, string>();
  for (const [key, desired] of after) {
    const at = key.lastIndexOf(TRIGGER_KEY_SEPARATOR);
    if (at <= 0) continue;
    const live = index.users.get(userKey(key.slice(0, at)));
    if (!live) continue;
    const value = valueOf(key.slice(at + 1), live, desired, index);
    if (value !== undefined) before.set(key, value);
  }
  return before.size > 0 ? before : null;
}
