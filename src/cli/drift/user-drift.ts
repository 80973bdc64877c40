import { planUser, type DesiredUserState } from '../../engine/planner/user';
import { userKey } from '../../model/identity';
import { customRoleName } from '../../model/roles';
import type { NormalizedUser, UserField } from '../../kinds/users/model';
import { userFields } from '../../kinds/users/fields';
import type { LiveState, UserDrift, ValueDifference } from './compute';
import type { DesiredState } from './desired-state';
import { compare } from './order';
import type { UserIndex } from './user-index';

/** What a user's drift is gathered into across the constructs that manage them. */
interface Collected {
  userName: string;
  missing: boolean;
  creatable: boolean;
  constructs: string[];
  differences: ValueDifference[];
}

/** The state planUser compares, plus the references as the code gave them, to show people instead of ids. */
type DesiredUser = DesiredUserState & { managerName?: string; roleRef?: string };

/** The users of every DomoUserAttributes and DomoUsers construct that are missing or differ, sorted by userName ignoring case. */
export function computeUserDrift(desired: DesiredState, roles: LiveState['roles'], index: UserIndex): UserDrift[] {
  const drifts = new Map<string, Collected>();
  for (const set of desired.userAttributes) {
    for (const user of set.users) {
      compareUser(drifts, index, set.constructPath, user.userName, { attributes: user.attributes, keys: set.managedKeys });
    }
  }
  for (const set of desired.users) {
    for (const user of set.users) compareUser(drifts, index, set.constructPath, user.userName, desiredUser(user, roles, index), true);
  }
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

function desiredUser(user: NormalizedUser, roles: LiveState['roles'], index: UserIndex): DesiredUser {
  const fields: Partial<Record<UserField, string>> = { ...user.fields };
  const managerName = user.fields.manager;
  // A manager Domo does not have can never equal a live id: it always shows as a difference.
  if (managerName !== undefined) fields.manager = index.byKey.get(userKey(managerName))?.id ?? `(${managerName} is not in Domo)`;
  const roleRef = user.fields.role;
  if (roleRef !== undefined) fields.role = roleIdOf(roleRef, roles);
  const keys = Object.keys(user.customAttributes);
  return { fields: userFields(fields), attributes: user.customAttributes, keys, managerName, roleRef };
}

function compareUser(
  drifts: Map<string, Collected>,
  index: UserIndex,
  construct: string,
  userName: string,
  state: DesiredUser,
  creatable = false,
): void {
  const entry = (missing: boolean) => entryOf(drifts, userName, construct, missing);
  const liveUser = index.byKey.get(userKey(userName));
  if (!liveUser) {
    const missing = entry(true);
    missing.creatable ||= creatable;
    return;
  }
  const plan = planUser(liveUser, state);
  for (const c of plan.attributes) {
    entry(false).differences.push({ construct, kind: 'attribute', key: c.key, desired: [...c.to], live: [...c.from] });
  }
  const nameOfId = (id: string) => (id === '' ? '' : (index.userNameOfId.get(id) ?? `id ${id}`));
  for (const c of plan.fields) {
    const shown =
      c.field === 'manager'
        ? { desired: state.managerName ?? '', live: nameOfId(c.from) }
        : { desired: c.field === 'role' ? (state.roleRef ?? c.to) : c.to, live: c.from };
    entry(false).differences.push({ construct, kind: 'field', key: c.field, ...shown });
  }
}

function entryOf(drifts: Map<string, Collected>, userName: string, construct: string, missing: boolean): Collected {
  const key = userKey(userName);
  const found = drifts.get(key) ?? { userName, missing, creatable: false, constructs: [], differences: [] };
  if (!found.constructs.includes(construct)) found.constructs.push(construct);
  drifts.set(key, found);
  return found;
}

/** A custom role given by name, as Domo's id (a name Domo lacks never equals a live id). */
function roleIdOf(ref: string, roles: LiveState['roles']): string {
  const name = customRoleName(ref);
  if (name === undefined) return ref;
  const role = roles?.find((r) => r.name === name) ?? roles?.find((r) => r.name.toLowerCase() === name.toLowerCase());
  return role ? String(role.id) : ref;
}
