import { customAttributesOf } from '../../domo/scim/custom-attributes';
import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import { DOMO_GROUP } from '../../domo/scim/urns';
import { sameValues, distinctSorted } from '../../engine/planner/attributes';
import { FIELD_MAPPINGS } from '../../kinds/users/fields';
import { MEMBER_TRIGGER_PREFIX } from '../../kinds/directory-groups/model';
import { userKey, groupKey } from '../../model/identity';
import { renderValues, userNameOfTriggerKey, valuesOfRendered } from '../../model/triggers';
import { describeRole } from '../../model/roles';
import { CUSTOM_TRIGGER_PREFIX, USER_FIELDS, type UserField } from '../../kinds/users/model';
import type { Triggers } from './plan-json';

/**
 * What Domo holds now, for instances that are new to Terraform (a first deploy against an existing
 * instance, or a lost state): the summary shows these values as the old side, so a user Domo has
 * reads as the change it really is, and only users Domo lacks read as new.
 */
export interface CurrentValues {
  /**
   * The trigger map Domo's state would give this instance, for the identities Domo has (a users
   * or attributes shard: the users it knows; a group: the group if it exists); null when Domo has
   * none of them.
   */
  before(kind: string, after: Triggers): Triggers | null;
}

/** Current values from Domo as one listing read it (the drift check's users and groups). */
export function currentValuesOf(live: { readonly users: readonly ScimUser[]; readonly groups: readonly ScimGroup[] }): CurrentValues {
  const users = new Map<string, ScimUser>();
  for (const u of live.users) if (!users.has(userKey(u.userName))) users.set(userKey(u.userName), u);
  const userNameOfId = new Map(live.users.map((u) => [u.id, u.userName]));
  const groups = new Map<string, ScimGroup>();
  for (const g of live.groups) if (!groups.has(groupKey(g.displayName))) groups.set(groupKey(g.displayName), g);
  return {
    before(kind, after) {
      if (kind === 'users' || kind === 'user-attributes') return usersBefore(kind, after, users, userNameOfId);
      if (kind === 'directory-groups') return groupBefore(after, groups, userNameOfId);
      return null;
    },
  };
}

const FIELDS: readonly string[] = USER_FIELDS;

function usersBefore(
  kind: 'users' | 'user-attributes',
  after: Triggers,
  users: ReadonlyMap<string, ScimUser>,
  userNameOfId: ReadonlyMap<string, string>,
): Triggers | null {
  const before = new Map<string, string>();
  for (const [key, desired] of after) {
    if (!key.includes('/')) continue;
    const userName = userNameOfTriggerKey(key);
    const live = users.get(userKey(userName));
    if (!live) continue;
    const field = key.slice(userName.length + 1);
    const attribute =
      kind === 'user-attributes' ? field : field.startsWith(CUSTOM_TRIGGER_PREFIX) ? field.slice(CUSTOM_TRIGGER_PREFIX.length) : undefined;
    if (attribute !== undefined) {
      const values = customAttributesOf(live)[attribute] ?? [];
      // Domo keeps values as a set: the same set in another order is no change.
      before.set(key, sameValues(values, valuesOfRendered(desired)) ? desired : renderValues(distinctSorted(values)));
    } else if (FIELDS.includes(field)) {
      before.set(key, fieldValue(field as UserField, live, desired, userNameOfId));
    }
  }
  return before.size > 0 ? before : null;
}

/** A users field as the trigger map renders it: roles as `Participant (4)`, the manager as a userName. */
function fieldValue(field: UserField, live: ScimUser, desired: string, userNameOfId: ReadonlyMap<string, string>): string {
  const value = FIELD_MAPPINGS[field].read(live);
  if (field === 'role') return value === '' ? '' : describeRole(value);
  if (field === 'manager') {
    if (value === '') return '';
    const name = userNameOfId.get(value) ?? `id ${value}`;
    return userKey(name) === userKey(desired) ? desired : name;
  }
  return value;
}

function groupBefore(after: Triggers, groups: ReadonlyMap<string, ScimGroup>, userNameOfId: ReadonlyMap<string, string>): Triggers | null {
  const displayName = after.get('displayName');
  const live = displayName === undefined ? undefined : groups.get(groupKey(displayName));
  if (!live) return null;
  const before = new Map<string, string>();
  const ext = live[DOMO_GROUP] ?? {};
  for (const [key, value] of after) {
    if (key === 'displayName' || key === 'membership') before.set(key, value);
    else if (key === 'domoDisplayName') before.set(key, ext.domoDisplayName ?? '');
    else if (key === 'description') before.set(key, ext.description ?? '');
  }
  const desiredMembers = new Map<string, string>();
  for (const key of after.keys()) {
    if (key.startsWith(MEMBER_TRIGGER_PREFIX)) desiredMembers.set(userKey(key.slice(MEMBER_TRIGGER_PREFIX.length)), key);
  }
  const additive = after.get('membership') === 'additive';
  for (const m of live.members ?? []) {
    const name = userNameOfId.get(m.value) ?? m.display ?? `id ${m.value}`;
    const desired = desiredMembers.get(userKey(name));
    // An additive group keeps members it does not list: they are no change.
    if (desired) before.set(desired, 'member');
    else if (!additive) before.set(`${MEMBER_TRIGGER_PREFIX}${name}`, 'member');
  }
  return before;
}
