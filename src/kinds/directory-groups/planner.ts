import { GROUP_PATHS, type GroupPatchOperation } from '../../domo/scim/group-operations';
import type { ScimGroup } from '../../domo/scim/schemas';
import { DOMO_GROUP } from '../../domo/scim/urns';
import type { DesiredGroup, MembershipMode } from './model';

export type GroupField = 'displayName' | 'domoDisplayName' | 'description';

export interface GroupFieldChange {
  readonly field: GroupField;
  readonly from: string;
  readonly to: string;
}

export interface GroupPlan {
  readonly fields: readonly GroupFieldChange[];
  /** The Replace operations of the changed fields. */
  readonly fieldOperations: readonly GroupPatchOperation[];
  /** Domo user ids to add and to remove (remove only in authoritative mode). */
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

/** The member ids of a group as read (with members). */
export function memberIds(group: ScimGroup): Set<string> {
  return new Set((group.members ?? []).map((m) => m.value));
}

/**
 * The one planner of a directory group: fields that differ and the membership difference, given
 * the Domo ids of the desired members that exist. Handlers send it; drift reports it.
 */
export function planGroup(live: ScimGroup, desired: DesiredGroup, desiredIds: ReadonlySet<string>, membership: MembershipMode): GroupPlan {
  const fields: GroupFieldChange[] = [];
  const fieldOperations: GroupPatchOperation[] = [];
  const ext = live[DOMO_GROUP] ?? {};
  const compare = (field: GroupField, from: string | undefined, to: string | undefined) => {
    if (to === undefined || (from ?? '') === to) return;
    fields.push({ field, from: from ?? '', to });
    fieldOperations.push({ op: 'Replace', path: GROUP_PATHS[field], value: to });
  };
  compare('displayName', live.displayName, desired.displayName);
  compare('domoDisplayName', ext.domoDisplayName, desired.domoDisplayName);
  compare('description', ext.description, desired.description);
  const current = memberIds(live);
  const add = [...desiredIds].filter((id) => !current.has(id));
  const remove = membership === 'authoritative' ? [...current].filter((id) => !desiredIds.has(id)) : [];
  return { fields, fieldOperations, add, remove };
}
