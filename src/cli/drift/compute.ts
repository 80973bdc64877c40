import type { GroupField } from '../../kinds/directory-groups/planner';
import type { MembershipMode } from '../../kinds/directory-groups/model';
import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import type { DesiredState } from './desired-state';
import { computeGroupDrift } from './group-drift';
import { findOutsiders } from './outsiders';
import { computePolicyDrift, type LivePolicies, type PolicyDrift } from './policies';
import { computeUserDrift } from './user-drift';
import { indexUsers } from './user-index';

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
  | { readonly construct: string; readonly kind: 'field'; readonly key: string; readonly desired: string; readonly live: string };

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
  const index = indexUsers(live.users);
  const users = computeUserDrift(desired, live.roles, index);
  const groups = computeGroupDrift(desired, live.groups, index);
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
