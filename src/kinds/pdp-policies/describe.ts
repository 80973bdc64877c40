import type { PolicyPlan } from './planner';
import { describeRows, type DesiredPdpPolicy } from './model';
import type { Members } from './members';

/** How outcomes name a policy: `policy "North"`. */
export function policyIdentity(name: string): string {
  return `policy ${JSON.stringify(name)}`;
}

const quote = (s: string) => JSON.stringify(s);

export function describeNew(policy: DesiredPdpPolicy): string {
  const members = [
    policy.users.length > 0 ? `users ${policy.users.join(', ')}` : '',
    policy.groups.length > 0 ? `groups ${policy.groups.join(', ')}` : '',
  ].filter((s) => s !== '');
  return [`rows ${describeRows(policy, quote)}`, ...members].join('; ');
}

/** What a plan changes, for the deploy's output: name, filters old -> new, members in and out by name. */
export function describePlan(plan: PolicyPlan, members: Pick<Members, 'names'>): string {
  const parts: string[] = [];
  if (plan.rename) parts.push(`name ${quote(plan.rename.from)} -> ${quote(plan.rename.to)}`);
  if (plan.filters)
    parts.push(`rows ${describeRows({ filters: plan.filters.from }, quote)} -> ${describeRows({ filters: plan.filters.to }, quote)}`);
  const side = (what: string, sign: string, ids: readonly number[], names: ReadonlyMap<number, string>) =>
    ids.length === 0 ? '' : `${what} ${sign}${ids.length} (${ids.map((id) => names.get(id) ?? `id ${id}`).join(', ')})`;
  parts.push(
    ...[
      side('users', '+', plan.users.add, members.names.users),
      side('users', '-', plan.users.remove, members.names.users),
      side('groups', '+', plan.groups.add, members.names.groups),
      side('groups', '-', plan.groups.remove, members.names.groups),
    ].filter((s) => s !== ''),
  );
  return parts.join('; ');
}
