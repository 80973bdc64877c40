import { userKey } from '../../model/identity';
import type { DriftReport } from './compute';
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
