import { customAttributesOf } from '../../domo/scim/custom-attributes';
import { distinctSorted } from '../../engine/planner/attributes';
import { planGroup, type GroupField } from '../../engine/planner/group';
import { planUser, type DesiredUserState } from '../../engine/planner/user';
import { groupKey, type MembershipMode } from '../../model/directory-groups';
import { userKey } from '../../model/identity';
import { customRoleName, type UserField } from '../../model/users';
import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import type { DesiredState } from './desired-state';
import { computePolicyDrift, type LivePolicies, type PolicyDrift } from './policies';

/** Domo as read for a drift check. */
export interface LiveState {
  /** Every user, with every attribute (`attributes=_all`). */
  readonly users: readonly ScimUser[];
  /** The desired groups that exist in Domo, with their members; a desired group not here is missing. */
  readonly groups: readonly ScimGroup[];
  /** Domo's roles, read when a custom role is given by name. */
  readonly roles?: readonly { readonly id: number; readonly name: string }[];
  /** What PDP policies need, read when the stack has any. */
  readonly policies?: LivePolicies;
}

/** One managed value that differs. Attribute values are sorted; field values are as compared. */
export type ValueDifference =
  | {
      readonly construct: string;
      readonly kind: 'attribute';
      readonly key: string;
      readonly desired: readonly string[];
      readonly live: readonly string[];
    }
  | { readonly construct: string; readonly kind: 'field'; readonly key: UserField; readonly desired: string; readonly live: string };

export interface UserDrift {
  readonly userName: string;
  /** `missing`: no Domo user has this userName; `changed`: some managed value differs. */
  readonly status: 'missing' | 'changed';
  /** Construct paths that manage this user. */
  readonly constructs: readonly string[];
  /** Empty when missing. */
  readonly differences: readonly ValueDifference[];
  /** Missing and managed by a DomoUsers construct: `domo-identity deploy` creates them. */
  readonly creatable?: boolean;
}

export type { GroupField };

export interface GroupDrift {
  readonly displayName: string;
  readonly construct: string;
  readonly membership: MembershipMode;
  readonly status: 'missing' | 'changed';
  /** Managed fields that differ (displayName only in case, as groups are matched ignoring case). */
  readonly fields: readonly { readonly field: GroupField; readonly desired: string; readonly live: string }[];
  /** Desired members (userNames) not in the group; every desired member when the group is missing. */
  readonly missingMembers: readonly string[];
  /** Members not desired (userNames, or `id N` for an unknown user id); always empty in additive mode. */
  readonly extraMembers: readonly string[];
  /** The missing members that are not Domo users at all. */
  readonly membersNotInDomo: readonly string[];
}

/**
 * A user outside the desired set who still holds what only this stack writes, so the construct's
 * removal policy applies to them: under `clear` a value of a managed key no construct of the stack
 * desires for them; under `delete` (DomoUsers) a value of the construct's marker key. A deploy
 * whose state was lost no longer knows them as leavers: this is how `domo-identity deploy` finds them.
 */
export interface OutsiderDrift {
  readonly userName: string;
  /** The construct whose removal policy applies. */
  readonly construct: string;
  /** `clear`: the keys below are cleared; `delete`: the user is deleted from Domo. */
  readonly removal: 'clear' | 'delete';
  /** The keys that show it, with the values Domo holds now (sorted). */
  readonly values: Readonly<Record<string, readonly string[]>>;
}

export interface DriftReport {
  readonly inSync: boolean;
  /** Sorted by userName, ignoring case. */
  readonly users: readonly UserDrift[];
  /** Sorted by displayName, ignoring case. */
  readonly groups: readonly GroupDrift[];
  /** Users outside the desired set holding what only this stack writes; sorted by userName, then construct. */
  readonly outsiders: readonly OutsiderDrift[];
  /** PDP policies that differ, by dataset and name; present when the stack has DomoPdpPolicies. */
  readonly policies?: readonly PolicyDrift[];
}

/**
 * Compares the desired state with Domo as read. Pure: no I/O. It asks the same planners the
 * handlers use (planUser, planGroup), so drift reports exactly what a deploy would write; values
 * are only translated for people (the manager and members as userNames, attribute values sorted).
 */
export function computeDrift(desired: DesiredState, live: LiveState): DriftReport {
  const usersByKey = new Map<string, ScimUser>();
  for (const u of live.users) if (!usersByKey.has(userKey(u.userName))) usersByKey.set(userKey(u.userName), u);
  const userNameOfId = new Map(live.users.map((u) => [u.id, u.userName]));
  const drifts = new Map<
    string,
    { userName: string; missing: boolean; creatable: boolean; constructs: string[]; differences: ValueDifference[] }
  >();
  const entry = (userName: string, construct: string, missing: boolean) => {
    const key = userKey(userName);
    const found = drifts.get(key) ?? { userName, missing, creatable: false, constructs: [], differences: [] };
    if (!found.constructs.includes(construct)) found.constructs.push(construct);
    drifts.set(key, found);
    return found;
  };
  const compareUser = (
    construct: string,
    userName: string,
    state: DesiredUserState & { managerName?: string; roleRef?: string },
    creatable = false,
  ) => {
    const liveUser = usersByKey.get(userKey(userName));
    if (!liveUser) {
      const missing = entry(userName, construct, true);
      missing.creatable ||= creatable;
      return;
    }
    const plan = planUser(liveUser, state);
    for (const c of plan.attributes) {
      entry(userName, construct, false).differences.push({
        construct,
        kind: 'attribute',
        key: c.key,
        desired: [...c.to],
        live: [...c.from],
      });
    }
    for (const c of plan.fields) {
      const shown =
        c.field === 'manager'
          ? { desired: state.managerName ?? '', live: nameOfId(c.from) }
          : { desired: c.field === 'role' ? (state.roleRef ?? c.to) : c.to, live: c.from };
      entry(userName, construct, false).differences.push({ construct, kind: 'field', key: c.field, ...shown });
    }
  };
  const nameOfId = (id: string) => (id === '' ? '' : (userNameOfId.get(id) ?? `id ${id}`));

  for (const set of desired.userAttributes) {
    for (const user of set.users) compareUser(set.constructPath, user.userName, { attributes: user.attributes, keys: set.managedKeys });
  }
  for (const set of desired.users) {
    for (const user of set.users) {
      const fields: Partial<Record<UserField, string>> = { ...user.fields };
      const managerName = user.fields.manager;
      // A manager Domo does not have can never equal a live id: it always shows as a difference.
      if (managerName !== undefined) fields.manager = usersByKey.get(userKey(managerName))?.id ?? `(${managerName} is not in Domo)`;
      const roleRef = user.fields.role;
      if (roleRef !== undefined) fields.role = roleIdOf(roleRef, live.roles);
      const keys = Object.keys(user.customAttributes);
      compareUser(set.constructPath, user.userName, { fields, attributes: user.customAttributes, keys, managerName, roleRef }, true);
    }
  }

  const users: UserDrift[] = [...drifts.entries()]
    .filter(([, d]) => d.missing || d.differences.length > 0)
    .sort(([a], [b]) => compare(a, b))
    .map(([, d]) => ({
      userName: d.userName,
      status: d.missing ? 'missing' : 'changed',
      constructs: d.constructs,
      differences: d.missing ? [] : d.differences,
      ...(d.missing && d.creatable ? { creatable: true } : {}),
    }));

  const groupsByKey = new Map<string, ScimGroup>();
  for (const g of live.groups) if (!groupsByKey.has(groupKey(g.displayName))) groupsByKey.set(groupKey(g.displayName), g);
  const groups: GroupDrift[] = [];
  for (const set of desired.groups) {
    for (const group of set.groups) {
      const liveGroup = groupsByKey.get(groupKey(group.displayName));
      const wanted = new Map<string, string>();
      for (const m of group.members) if (!wanted.has(userKey(m))) wanted.set(userKey(m), m.trim());
      const notInDomo = [...wanted].filter(([k]) => !usersByKey.has(k)).map(([, name]) => name);
      const base = { displayName: group.displayName, construct: set.constructPath, membership: set.membership };
      if (!liveGroup) {
        groups.push({
          ...base,
          status: 'missing',
          fields: [],
          missingMembers: [...wanted.values()].sort(byKey),
          extraMembers: [],
          membersNotInDomo: notInDomo.sort(byKey),
        });
        continue;
      }
      const desiredNameOfId = new Map(
        [...wanted].flatMap(([k, name]) => (usersByKey.has(k) ? [[usersByKey.get(k)!.id, name] as const] : [])),
      );
      const plan = planGroup(liveGroup, group, new Set(desiredNameOfId.keys()), set.membership);
      const memberName = (id: string) =>
        desiredNameOfId.get(id) ?? userNameOfId.get(id) ?? liveGroup.members?.find((m) => m.value === id)?.display ?? `id ${id}`;
      const missingMembers = [...plan.add.map(memberName), ...notInDomo];
      const extraMembers = plan.remove.map(memberName);
      if (plan.fields.length + missingMembers.length + extraMembers.length === 0) continue;
      groups.push({
        ...base,
        status: 'changed',
        fields: plan.fields.map((f) => ({ field: f.field, desired: f.to, live: f.from })),
        missingMembers: missingMembers.sort(byKey),
        extraMembers: extraMembers.sort(byKey),
        membersNotInDomo: notInDomo.sort(byKey),
      });
    }
  }
  groups.sort((a, b) => compare(groupKey(a.displayName), groupKey(b.displayName)));
  const outsiders = findOutsiders(desired, live.users);
  const policies = desired.policies && live.policies ? computePolicyDrift(desired.policies, live.policies) : undefined;
  return {
    inSync: users.length === 0 && groups.length === 0 && outsiders.length === 0 && (policies ?? []).length === 0,
    users,
    groups,
    outsiders,
    ...(policies ? { policies } : {}),
  };
}

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

/** A custom role given by name, as Domo's id (a name Domo lacks never equals a live id). */
function roleIdOf(ref: string, roles: LiveState['roles']): string {
  const name = customRoleName(ref);
  if (name === undefined) return ref;
  const role = roles?.find((r) => r.name === name) ?? roles?.find((r) => r.name.toLowerCase() === name.toLowerCase());
  return role ? String(role.id) : ref;
}

function byKey(a: string, b: string): number {
  return compare(a.toLowerCase(), b.toLowerCase());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
