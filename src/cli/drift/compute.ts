import { FIELD_MAPPINGS } from '../../engine/planner/user-fields';
import { groupKey, type MembershipMode } from '../../model/directory-groups';
import { userKey } from '../../model/user-attributes';
import { normalizeDate, USER_FIELDS, type UserField } from '../../model/users';
import { customAttributesOf } from '../../domo/scim/custom-attributes';
import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import { DOMO_GROUP } from '../../domo/scim/urns';
import type { DesiredState } from './desired-state';

/** Domo as read for a drift check. */
export interface LiveState {
  /** Every user, with every attribute (`attributes=_all`). */
  readonly users: readonly ScimUser[];
  /** The desired groups that exist in Domo, with their members; a desired group not here is missing. */
  readonly groups: readonly ScimGroup[];
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
}

export type GroupField = 'displayName' | 'domoDisplayName' | 'description';

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

export interface DriftReport {
  readonly inSync: boolean;
  /** Sorted by userName, ignoring case. */
  readonly users: readonly UserDrift[];
  /** Sorted by displayName, ignoring case. */
  readonly groups: readonly GroupDrift[];
}

/**
 * Compares the desired state with Domo as read. Pure: no I/O. Custom attribute values compare as
 * sets, userNames and group names ignoring case, hireDate as a date, the manager by userName.
 */
export function computeDrift(desired: DesiredState, live: LiveState): DriftReport {
  const usersByKey = new Map<string, ScimUser>();
  for (const u of live.users) if (!usersByKey.has(userKey(u.userName))) usersByKey.set(userKey(u.userName), u);
  const userNameOfId = new Map(live.users.map((u) => [u.id, u.userName]));
  const drifts = new Map<string, { userName: string; missing: boolean; constructs: string[]; differences: ValueDifference[] }>();
  const entry = (userName: string, construct: string, missing: boolean) => {
    const key = userKey(userName);
    const found = drifts.get(key) ?? { userName, missing, constructs: [], differences: [] };
    if (!found.constructs.includes(construct)) found.constructs.push(construct);
    drifts.set(key, found);
    return found;
  };
  const attributeDifferences = (
    construct: string,
    userName: string,
    liveUser: ScimUser,
    desiredValues: Readonly<Record<string, readonly string[]>>,
    keys: readonly string[],
  ) => {
    const liveValues = customAttributesOf(liveUser);
    for (const key of keys) {
      const want = desiredValues[key] ?? [];
      const have = liveValues[key] ?? [];
      if (!sameSet(want, have))
        entry(userName, construct, false).differences.push({
          construct,
          kind: 'attribute',
          key,
          desired: sorted(want),
          live: sorted(have),
        });
    }
  };

  for (const set of desired.userAttributes) {
    for (const user of set.users) {
      const liveUser = usersByKey.get(userKey(user.userName));
      if (!liveUser) entry(user.userName, set.constructPath, true);
      else attributeDifferences(set.constructPath, user.userName, liveUser, user.attributes, set.managedKeys);
    }
  }
  for (const set of desired.users) {
    for (const user of set.users) {
      const liveUser = usersByKey.get(userKey(user.userName));
      if (!liveUser) {
        entry(user.userName, set.constructPath, true);
        continue;
      }
      for (const field of USER_FIELDS) {
        const want = user.fields[field];
        if (want === undefined) continue;
        const { desired: d, live: l, same } = compareField(field, want, liveUser, userNameOfId);
        if (!same)
          entry(user.userName, set.constructPath, false).differences.push({
            construct: set.constructPath,
            kind: 'field',
            key: field,
            desired: d,
            live: l,
          });
      }
      attributeDifferences(set.constructPath, user.userName, liveUser, user.customAttributes, Object.keys(user.customAttributes));
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
      const current = new Map<string, string>();
      for (const m of liveGroup.members ?? []) {
        const name = userNameOfId.get(m.value) ?? m.display;
        current.set(name === undefined ? `id:${m.value}` : userKey(name), name ?? `id ${m.value}`);
      }
      const missingMembers = [...wanted].filter(([k]) => !current.has(k)).map(([, name]) => name);
      const extraMembers = set.membership === 'authoritative' ? [...current].filter(([k]) => !wanted.has(k)).map(([, name]) => name) : [];
      const ext = liveGroup[DOMO_GROUP] ?? {};
      const fields: GroupDrift['fields'][number][] = [];
      const field = (name: GroupField, want: string | undefined, have: string | undefined) => {
        if (want !== undefined && want !== (have ?? '')) fields.push({ field: name, desired: want, live: have ?? '' });
      };
      field('displayName', group.displayName, liveGroup.displayName);
      field('domoDisplayName', group.domoDisplayName, ext.domoDisplayName);
      field('description', group.description, ext.description);
      if (fields.length + missingMembers.length + extraMembers.length === 0) continue;
      groups.push({
        ...base,
        status: 'changed',
        fields,
        missingMembers: missingMembers.sort(byKey),
        extraMembers: extraMembers.sort(byKey),
        membersNotInDomo: notInDomo.filter((n) => !current.has(userKey(n))).sort(byKey),
      });
    }
  }
  groups.sort((a, b) => compare(groupKey(a.displayName), groupKey(b.displayName)));
  return { inSync: users.length === 0 && groups.length === 0, users, groups };
}

/** One standard field, desired vs live, in the form people compare them (manager as a userName). */
function compareField(
  field: UserField,
  want: string,
  live: ScimUser,
  userNameOfId: ReadonlyMap<string, string>,
): { desired: string; live: string; same: boolean } {
  const have = FIELD_MAPPINGS[field].read(live);
  if (field === 'hireDate') {
    const desired = normalizeDate(want) ?? want.trim();
    return { desired, live: have, same: desired === have };
  }
  if (field === 'manager') {
    const name = have === '' ? '' : (userNameOfId.get(have) ?? `id ${have}`);
    return { desired: want, live: name, same: userKey(want) === userKey(name) };
  }
  return { desired: want, live: have, same: want === have };
}

/** Domo keeps a custom attribute's values as a set: order and repeats are not differences. */
export function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((v) => sb.has(v));
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort(compare);
}

function byKey(a: string, b: string): number {
  return compare(a.toLowerCase(), b.toLowerCase());
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
