import type { PdpPolicy } from '../../domo/api/pdp';
import { groupKey, userKey } from '../../model/identity';
import { describeRows, type DesiredPdpPolicy } from './model';
import { findPolicy, planPolicy } from './planner';

/** The policies of one DomoPdpPolicies construct, by dataset id. */
export interface DesiredPolicySet {
  readonly constructPath: string;
  readonly datasets: ReadonlyMap<string, readonly DesiredPdpPolicy[]>;
}

/** Domo as a policy drift check reads it. */
export interface LivePolicies {
  /** Each desired dataset's policies; undefined when Domo has no such dataset. */
  readonly datasets: ReadonlyMap<string, readonly PdpPolicy[] | undefined>;
  readonly users: readonly { readonly id: string; readonly userName: string }[];
  readonly groups: readonly { readonly id: string; readonly displayName: string }[];
}

export interface PolicyDrift {
  readonly dataset: string;
  readonly name: string;
  readonly construct: string;
  /** `missing`: the dataset has no policy of this name (or there is no such dataset); `changed`: it differs. */
  readonly status: 'missing' | 'changed';
  /** Why it is missing, when the dataset itself is. */
  readonly note?: string;
  /** The name differs in case only. */
  readonly liveName?: string;
  /** The rows, described, when they differ. */
  readonly rows?: { readonly desired: string; readonly live: string };
  readonly missingUsers: readonly string[];
  readonly extraUsers: readonly string[];
  readonly missingGroups: readonly string[];
  readonly extraGroups: readonly string[];
  /** Desired members that are not in Domo at all (users, then groups). */
  readonly membersNotInDomo: readonly string[];
}

const quote = (s: string) => JSON.stringify(s);
const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const sorted = (names: string[]) => names.sort((a, b) => compare(a.toLowerCase(), b.toLowerCase()));

/** Domo's users and groups looked up both ways: ids by name for the planner, names by id for people. */
interface Directory {
  readonly userIds: ReadonlyMap<string, number>;
  readonly groupIds: ReadonlyMap<string, number>;
  readonly userNames: ReadonlyMap<number, string>;
  readonly groupNames: ReadonlyMap<number, string>;
}

/**
 * The desired policies against Domo's, through the same planner the deploy uses (planPolicy), so
 * drift reports exactly what a deploy would write: rows that differ, members missing or extra
 * (policies are authoritative), policies missing. Pure: no I/O.
 */
export function policyDifferences(desired: readonly DesiredPolicySet[], live: LivePolicies): PolicyDrift[] {
  const directory: Directory = {
    userIds: new Map(live.users.map((u) => [userKey(u.userName), Number(u.id)])),
    groupIds: new Map(live.groups.map((g) => [groupKey(g.displayName), Number(g.id)])),
    userNames: new Map(live.users.map((u) => [Number(u.id), u.userName])),
    groupNames: new Map(live.groups.map((g) => [Number(g.id), g.displayName])),
  };
  const drifts: PolicyDrift[] = [];
  for (const set of desired) {
    for (const [dataset, policies] of set.datasets) {
      const livePolicies = live.datasets.get(dataset);
      for (const policy of policies) {
        const drift = policyDrift(set.constructPath, dataset, policy, livePolicies, directory);
        if (drift) drifts.push(drift);
      }
    }
  }
  return drifts.sort((a, b) => compare(a.dataset, b.dataset) || compare(a.name.toLowerCase(), b.name.toLowerCase()));
}

function policyDrift(
  construct: string,
  dataset: string,
  policy: DesiredPdpPolicy,
  livePolicies: readonly PdpPolicy[] | undefined,
  directory: Directory,
): PolicyDrift | undefined {
  const { userIds, groupIds } = directory;
  const notInDomo = [...policy.users.filter((u) => !userIds.has(userKey(u))), ...policy.groups.filter((g) => !groupIds.has(groupKey(g)))];
  const base = { dataset, name: policy.name, construct, membersNotInDomo: notInDomo };
  const found = livePolicies && findPolicy(livePolicies, policy.name);
  if (!found) {
    return {
      ...base,
      status: 'missing',
      ...(livePolicies === undefined ? { note: `Domo has no dataset ${dataset}` } : {}),
      missingUsers: [...policy.users],
      extraUsers: [],
      missingGroups: [...policy.groups],
      extraGroups: [],
    };
  }
  const plan = planPolicy(found, policy, { users: userIds, groups: groupIds });
  if (plan.action === 'none' && notInDomo.length === 0) return undefined;
  const userName = (id: number) => directory.userNames.get(id) ?? `id ${id}`;
  const groupName = (id: number) => directory.groupNames.get(id) ?? `id ${id}`;
  return {
    ...base,
    status: 'changed',
    ...(plan.rename ? { liveName: plan.rename.from } : {}),
    ...(plan.filters
      ? { rows: { desired: describeRows({ filters: plan.filters.to }, quote), live: describeRows({ filters: plan.filters.from }, quote) } }
      : {}),
    missingUsers: sorted([...plan.users.add.map(userName), ...notInDomo.filter((m) => policy.users.includes(m))]),
    extraUsers: sorted(plan.users.remove.map(userName)),
    missingGroups: sorted([...plan.groups.add.map(groupName), ...notInDomo.filter((m) => policy.groups.includes(m))]),
    extraGroups: sorted(plan.groups.remove.map(groupName)),
  };
}
