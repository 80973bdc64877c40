import { sameValues } from '../../engine/planner/attributes';
import { MEMBER_TRIGGER_PREFIX } from '../../kinds/directory-groups/model';
import { userKey } from '../../model/identity';
import { valuesOfRendered } from '../../model/triggers';
import { describeRole } from '../../model/roles';
import { CUSTOM_TRIGGER_PREFIX } from '../../kinds/users/model';
import { policiesOfTriggers, policyKey, policyTriggers, type DesiredPdpPolicy } from '../../kinds/pdp-policies/model';
import { terraformJsonEncode } from '../../model/terraform-json';
import type { DriftReport, GroupDrift, UserDrift, ValueDifference } from './compute';
import type { DesiredPolicySet, PolicyDrift } from './policies';

/** What Terraform's state says was deployed: the trigger maps of a construct's instances. */
export interface Deployed {
  /** Every (not tainted) instance of the construct merged, keys as `<lower-cased userName>/<field>`; undefined when none is in the state. */
  users(constructPath: string): ReadonlyMap<string, string> | undefined;
  /** One instance's trigger map (a group's); undefined when it is not in the state. */
  instance(constructPath: string, key: string): ReadonlyMap<string, string> | undefined;
}

/**
 * The drift that the code's own changes do not explain: a difference where Domo still holds what
 * was last deployed (the value in Terraform's state) is a data change the plan makes anyway, so it
 * is dropped; so are users and groups the state never had (new in the data: the plan creates their
 * instance and reconciles it whole). What remains was changed in Domo outside the code, and only
 * that is repaired (`-replace`) and listed as a repair.
 */
export function driftOutsideTheCode(
  report: DriftReport,
  deployed: Deployed,
  desiredPolicies: readonly DesiredPolicySet[] = [],
): DriftReport {
  const users: UserDrift[] = [];
  for (const u of report.users) {
    const id = userKey(u.userName);
    if (u.status === 'missing') {
      if (u.constructs.some((c) => hasUser(deployed.users(c), id))) users.push(u);
      continue;
    }
    const differences = u.differences.filter((d) => !explained(d, id, deployed.users(d.construct)));
    if (differences.length > 0) users.push({ ...u, differences });
  }
  const groups: GroupDrift[] = [];
  for (const g of report.groups) {
    const state = deployed.instance(g.construct, g.displayName);
    if (!state) continue;
    if (g.status === 'missing') {
      groups.push(g);
      continue;
    }
    const wasMember = (m: string) =>
      [...state.keys()].some((k) => k.startsWith(MEMBER_TRIGGER_PREFIX) && userKey(k.slice(MEMBER_TRIGGER_PREFIX.length)) === userKey(m));
    const fields = g.fields.filter((f) => (state.get(f.field) ?? '') !== f.live);
    const extraMembers = g.extraMembers.filter((m) => !wasMember(m));
    const missingMembers = g.missingMembers.filter((m) => wasMember(m));
    if (fields.length + extraMembers.length + missingMembers.length === 0) continue;
    groups.push({
      ...g,
      fields,
      extraMembers,
      missingMembers,
      membersNotInDomo: g.membersNotInDomo.filter((m) => missingMembers.includes(m)),
    });
  }
  const policies = (report.policies ?? []).filter((p) => policyChangedOutsideTheCode(p, deployed, desiredPolicies));
  return {
    inSync: users.length === 0 && groups.length === 0 && policies.length === 0 && report.outsiders.length === 0,
    users,
    groups,
    ...(report.policies ? { policies } : {}),
    outsiders: report.outsiders,
  };
}

/**
 * A policy's drift is Domo's own when the state deployed exactly what the code wants now: had the
 * code changed the policy, its dataset's instance would be replaced by the plan anyway.
 */
function policyChangedOutsideTheCode(p: PolicyDrift, deployed: Deployed, desired: readonly DesiredPolicySet[]): boolean {
  const state = deployed.instance(p.construct, p.dataset);
  if (!state) return false;
  const was = policiesOfTriggers(state).get(policyKey(p.name));
  const wanted = desired
    .find((d) => d.constructPath === p.construct)
    ?.datasets.get(p.dataset)
    ?.find((d) => policyKey(d.name) === policyKey(p.name));
  // Compared as Terraform would compare the triggers: one canonical encoding of each.
  const encoded = (policy: DesiredPdpPolicy) => terraformJsonEncode(policyTriggers([policy]));
  return was !== undefined && wanted !== undefined && encoded(was) === encoded(wanted);
}

function hasUser(state: ReadonlyMap<string, string> | undefined, id: string): boolean {
  if (!state) return false;
  for (const key of state.keys()) if (key.startsWith(`${id}/`)) return true;
  return false;
}

/** Domo holds what the state says was deployed for this value (or the state never had the user). */
function explained(d: ValueDifference, id: string, state: ReadonlyMap<string, string> | undefined): boolean {
  if (!hasUser(state, id)) return true;
  if (d.kind === 'attribute') {
    const deployed = state!.get(`${id}/${d.key}`) ?? state!.get(`${id}/${CUSTOM_TRIGGER_PREFIX}${d.key}`);
    return deployed !== undefined && sameValues(valuesOfRendered(deployed), d.live);
  }
  const deployed = state!.get(`${id}/${d.key}`);
  if (deployed === undefined) return false;
  if (d.key === 'role') return deployed === (d.live === '' ? '' : describeRole(d.live));
  if (d.key === 'manager') return userKey(deployed) === userKey(d.live);
  return deployed === d.live;
}
