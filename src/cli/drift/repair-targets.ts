import { userKey } from '../../model/identity';
import type { DriftReport, OutsiderDrift } from './compute';
import type { DesiredState } from './desired-state';

/** One Terraform instance whose handler would bring Domo back to the desired state. */
export interface RepairTarget {
  readonly constructPath: string;
  /** The `for_each` key: a shard for users and attributes, the displayName for groups, the dataset id for PDP policies. */
  readonly instanceKey: string;
}

/**
 * The instances to replace so that their create handlers repair the drift found: for a user, the
 * shard of each construct whose values differ (every construct managing a user missing in Domo);
 * for a group, its own instance. Each instance once, in report order.
 */
export function repairTargets(desired: DesiredState, report: DriftReport): RepairTarget[] {
  const shardOf = new Map<string, ReadonlyMap<string, string>>(
    [...desired.userAttributes, ...desired.users].map((set) => [set.constructPath, set.instanceOf]),
  );
  const targets = new Map<string, RepairTarget>();
  const add = (constructPath: string, instanceKey: string | undefined) => {
    if (instanceKey === undefined) return;
    targets.set(JSON.stringify([constructPath, instanceKey]), { constructPath, instanceKey });
  };
  for (const user of report.users) {
    const constructs = user.status === 'missing' ? user.constructs : [...new Set(user.differences.map((d) => d.construct))];
    for (const construct of constructs) add(construct, shardOf.get(construct)?.get(userKey(user.userName)));
  }
  for (const group of report.groups) add(group.construct, group.displayName);
  // A dataset's instance reconciles all its policies (one listing, writes only what differs).
  for (const policy of report.policies ?? []) add(policy.construct, policy.dataset);
  return [...targets.values()];
}

/** Users outside the data for one instance's create step to apply its construct's removal policy to. */
export interface OutsiderRepair extends RepairTarget {
  readonly removal: 'clear' | 'delete';
  readonly userNames: readonly string[];
}

export interface OutsiderRepairs {
  readonly repairs: readonly OutsiderRepair[];
  /** Outsiders of a construct without any instance (no desired user at all): nothing can repair them. */
  readonly unassigned: readonly OutsiderDrift[];
}

/**
 * Assigns the outsiders drift found to one instance of their construct: one already among
 * `targets` if there is one (it is replaced anyway), else the construct's first instance, which
 * becomes a target too. Outsiders that `covered` says the state still lists for their construct
 * are left out: their trigger keys leave the plan, so their old instance's destroy step applies
 * the removal policy already.
 */
export function outsiderRepairs(
  desired: DesiredState,
  report: DriftReport,
  targets: readonly RepairTarget[],
  covered: (constructPath: string) => ReadonlySet<string> = () => new Set(),
): OutsiderRepairs {
  const instancesOf = new Map<string, string[]>(
    [...desired.userAttributes, ...desired.users].map((set) => [set.constructPath, [...new Set(set.instanceOf.values())].sort()]),
  );
  const byConstruct = new Map<string, OutsiderDrift[]>();
  for (const o of report.outsiders) {
    if (covered(o.construct).has(userKey(o.userName))) continue;
    byConstruct.set(o.construct, [...(byConstruct.get(o.construct) ?? []), o]);
  }
  const repairs: OutsiderRepair[] = [];
  const unassigned: OutsiderDrift[] = [];
  for (const [constructPath, outsiders] of byConstruct) {
    const instances = instancesOf.get(constructPath) ?? [];
    const instanceKey =
      targets.find((t) => t.constructPath === constructPath && instances.includes(t.instanceKey))?.instanceKey ?? instances[0];
    if (instanceKey === undefined) {
      unassigned.push(...outsiders);
      continue;
    }
    repairs.push({ constructPath, instanceKey, removal: outsiders[0]!.removal, userNames: outsiders.map((o) => o.userName) });
  }
  return { repairs, unassigned };
}
