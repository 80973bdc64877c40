import type { PdpPolicy, PdpPolicyBody } from '../../domo/api/pdp';
import { userKey, groupKey } from '../../model/identity';
import { operatorLabel, policyKey, type DesiredPdpPolicy, type FilterLike } from './model';

/** Domo ids of a policy's members that exist, by userKey and groupKey. */
export interface PolicyMemberIds {
  readonly users: ReadonlyMap<string, number>;
  readonly groups: ReadonlyMap<string, number>;
}

export interface PolicyPlan {
  /** `create`: Domo has no policy of that name; `update`: it differs; `none`: in sync. */
  readonly action: 'create' | 'update' | 'none';
  /** What a POST or PUT sends: the whole policy, with the members that exist. */
  readonly body: PdpPolicyBody;
  /** The name differs in case only (names match ignoring case). */
  readonly rename?: { readonly from: string; readonly to: string };
  /** Set when the filters differ: as Domo has them, and as desired (both canonical). */
  readonly filters?: { readonly from: readonly FilterLike[]; readonly to: readonly FilterLike[] };
  readonly users: { readonly add: readonly number[]; readonly remove: readonly number[] };
  readonly groups: { readonly add: readonly number[]; readonly remove: readonly number[] };
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Filters as a set: values distinct and sorted, filters sorted by column, operator and negation. */
export function canonicalFilters(filters: readonly FilterLike[]): FilterLike[] {
  return filters
    .map((f) => ({ column: f.column, values: [...new Set(f.values)].sort(compare), operator: f.operator, not: f.not }))
    .sort(
      (a, b) =>
        compare(a.column, b.column) || compare(operatorLabel(a), operatorLabel(b)) || compare(a.values.join('\n'), b.values.join('\n')),
    );
}

/** The `user` policy of this name (ignoring case); Domo's system policy is never matched. */
export function findPolicy(live: readonly PdpPolicy[], name: string): PdpPolicy | undefined {
  return live.find((p) => p.type !== 'system' && policyKey(p.name) === policyKey(name));
}

/** What a POST or PUT sends for a desired policy: members that have no Domo id are left out. */
export function policyBody(desired: DesiredPdpPolicy, ids: PolicyMemberIds): PdpPolicyBody {
  const idsOf = (names: readonly string[], map: ReadonlyMap<string, number>, key: (s: string) => string) =>
    [...new Set(names.flatMap((n) => (map.has(key(n)) ? [map.get(key(n))!] : [])))].sort((a, b) => a - b);
  return {
    name: desired.name,
    filters: canonicalFilters(desired.filters),
    users: idsOf(desired.users, ids.users, userKey),
    groups: idsOf(desired.groups, ids.groups, groupKey),
  };
}

/**
 * The one planner of a PDP policy: what differs between Domo's policy (undefined: none of that
 * name) and the desired one, given the Domo ids of its members. Members are authoritative (a
 * member added by hand is removed); filters are compared as sets. The engine writes the body;
 * drift reports the differences; the two therefore agree.
 */
export function planPolicy(live: PdpPolicy | undefined, desired: DesiredPdpPolicy, ids: PolicyMemberIds): PolicyPlan {
  const body = policyBody(desired, ids);
  if (!live) {
    return {
      action: 'create',
      body,
      filters: { from: [], to: body.filters },
      users: { add: body.users, remove: [] },
      groups: { add: body.groups, remove: [] },
    };
  }
  const diff = (from: readonly number[], to: readonly number[]) => {
    const f = new Set(from);
    const t = new Set(to);
    return { add: [...t].filter((id) => !f.has(id)), remove: [...f].filter((id) => !t.has(id)).sort((a, b) => a - b) };
  };
  const liveFilters = canonicalFilters(live.filters);
  const filtersDiffer = JSON.stringify(liveFilters) !== JSON.stringify(body.filters);
  const users = diff(live.users, body.users);
  const groups = diff(live.groups, body.groups);
  const renamed = live.name !== desired.name;
  const changed = renamed || filtersDiffer || users.add.length + users.remove.length + groups.add.length + groups.remove.length > 0;
  return {
    action: changed ? 'update' : 'none',
    body,
    ...(renamed ? { rename: { from: live.name, to: desired.name } } : {}),
    ...(filtersDiffer ? { filters: { from: liveFilters, to: body.filters } } : {}),
    users,
    groups,
  };
}
