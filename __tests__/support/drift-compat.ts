/**
 * The drift facets driven with plain data, in the shape drift reported before facets (users,
 * groups, outsiders, policies as fields), so the unit tests of drift keep their cases and
 * assertions while running the real facets, adapters and loops.
 */
import type { ScimGroup, ScimUser } from '../../src/domo/scim/schemas';
import type { Deployed, RepairTarget } from '../../src/drift/facet';
import {
  compareFacets,
  driftJson,
  driftOutsideTheCode as outsideTheCode,
  repairTargets as targetsOf,
  reportOf,
  type DesiredByFacet,
  type DriftReport,
  type FacetReport,
} from '../../src/drift/report';
import { driftContext } from '../../src/cli/drift/run-drift';
import { formatDriftMarkdown as markdownOf, formatDriftText as textOf } from '../../src/cli/drift/report';
import { LiveReads } from '../../src/drift/live-reads';
import type { ScimClient } from '../../src/domo/scim/client';
import { KINDS } from '../../src/kinds/registry';
import { attributeSet, type AttributeSetInput } from '../../src/kinds/user-attributes/drift';
import { userSet, type UserSetInput } from '../../src/kinds/users/drift';
import { groupsFacet, type DesiredGroupSet, type GroupDrift } from '../../src/kinds/directory-groups/drift';
import { policiesFacet, type DesiredPolicySet, type PolicyDrift } from '../../src/kinds/pdp-policies/drift';
import type { LivePolicies } from '../../src/kinds/pdp-policies/drift-compare';
import { peopleFacet } from '../../src/people/drift';
import type { OutsiderDrift, PeopleDrift, UserDrift } from '../../src/people/drift-types';

export type { GroupDrift, OutsiderDrift, PolicyDrift, UserDrift };

export interface DesiredState {
  readonly userAttributes: readonly AttributeSetInput[];
  readonly users: readonly UserSetInput[];
  readonly groups: readonly DesiredGroupSet[];
  readonly policies?: readonly DesiredPolicySet[];
}

export interface LiveState {
  readonly users: readonly ScimUser[];
  readonly groups: readonly ScimGroup[];
  readonly roles?: ReadonlyArray<{ readonly id: number; readonly name: string }>;
  readonly policies?: LivePolicies;
}

export interface LegacyReport {
  readonly inSync: boolean;
  readonly users: readonly UserDrift[];
  readonly groups: readonly GroupDrift[];
  readonly outsiders: readonly OutsiderDrift[];
  readonly policies?: readonly PolicyDrift[];
}

/** A deployed state as trigger maps: a user construct's users merged (`<user>/<field>`), groups' and policies' instances by `<construct>/<key>`. */
export interface LegacyDeployed {
  users(constructPath: string): ReadonlyMap<string, string> | undefined;
  instance(constructPath: string, key: string): ReadonlyMap<string, string> | undefined;
}

export function desiredByFacet(d: DesiredState): DesiredByFacet {
  const people = [...d.users.map(userSet), ...d.userAttributes.map(attributeSet)];
  const map = new Map<string, { facet: never; sets: readonly unknown[] }>();
  if (people.length > 0) map.set('users', { facet: peopleFacet as never, sets: people });
  if (d.groups.length > 0) map.set('groups', { facet: groupsFacet as never, sets: d.groups });
  if (d.policies) map.set('policies', { facet: policiesFacet as never, sets: d.policies });
  return map;
}

export function computeDrift(d: DesiredState, live: LiveState): LegacyReport {
  const reads = new Map<string, unknown>([
    ['users', { users: live.users, ...(live.roles ? { roles: live.roles } : {}) }],
    ['groups', { users: live.users, groups: live.groups }],
    ['policies', live.policies],
  ]);
  return legacy(compareFacets(desiredByFacet(d), reads, driftContext(KINDS)));
}

export function legacy(report: DriftReport): LegacyReport {
  const json = driftJson(report) as unknown as LegacyReport;
  return {
    inSync: json.inSync,
    users: json.users ?? [],
    groups: json.groups ?? [],
    outsiders: json.outsiders ?? [],
    ...(json.policies ? { policies: json.policies } : {}),
  };
}

/** The facet report of a report in the old shape. */
export function toReport(r: LegacyReport): DriftReport {
  const facets = new Map<string, FacetReport>();
  facets.set('users', {
    facet: peopleFacet as never,
    report: { users: r.users, outsiders: r.outsiders, creator: 'DomoUsers' } satisfies PeopleDrift,
  });
  facets.set('groups', { facet: groupsFacet as never, report: r.groups });
  if (r.policies) facets.set('policies', { facet: policiesFacet as never, report: r.policies });
  return reportOf(facets);
}

export function toDeployed(state: LegacyDeployed, constructs: readonly string[]): Deployed {
  return {
    instance: state.instance,
    instances: (c) => {
      const users = constructs.includes(c) ? state.users(c) : undefined;
      return users ? new Map([['0', users]]) : new Map();
    },
  };
}

export function repairTargets(d: DesiredState, r: LegacyReport): RepairTarget[] {
  return targetsOf(toReport(r), desiredByFacet(d));
}

export function driftOutsideTheCode(
  r: LegacyReport,
  state: LegacyDeployed,
  policies: readonly DesiredPolicySet[] = [],
  d: DesiredState = { userAttributes: [], users: [], groups: [] },
): LegacyReport {
  const desired = desiredByFacet({ ...d, policies });
  const constructs = [...d.users, ...d.userAttributes].map((s) => s.constructPath);
  return legacy(outsideTheCode(toReport(r), toDeployed(state, constructs), desired));
}

export function findOutsiders(d: DesiredState, users: readonly ScimUser[]): OutsiderDrift[] {
  return computeDrift(d, { users, groups: [] }).outsiders as OutsiderDrift[];
}

export function outsiderRepairs(
  d: DesiredState,
  r: LegacyReport,
  targets: readonly RepairTarget[],
  covered: (constructPath: string) => ReadonlySet<string>,
): { repairs: Array<RepairTarget & { removal: 'clear' | 'delete'; userNames: readonly string[] }>; unassigned: readonly OutsiderDrift[] } {
  const sets = desiredByFacet(d).get('users')!.sets as never;
  const deployed: Deployed = {
    instance: () => undefined,
    instances: (c) => new Map([['0', new Map([...covered(c)].map((u) => [`${u}/x`, 'x']))]]),
  };
  const assigned = peopleFacet.assignOutsiders!({ users: r.users, outsiders: r.outsiders }, sets, { targets, deployed, only: () => true });
  const removal = (c: string) => r.outsiders.find((o) => o.construct === c)!.removal;
  return {
    repairs: assigned.repairs.map((p) => ({
      constructPath: p.constructPath,
      instanceKey: p.instanceKey,
      removal: removal(p.constructPath),
      userNames: p.userNames,
    })),
    unassigned: assigned.unassigned as readonly OutsiderDrift[],
  };
}

export { policyDifferences as computePolicyDrift } from '../../src/kinds/pdp-policies/drift-compare';

export function formatDriftText(r: LegacyReport): string {
  return textOf(toReport(r));
}

export function formatDriftMarkdown(r: LegacyReport): string {
  return markdownOf(toReport(r));
}

/** Users and the desired groups, read as the facets read them. */
export async function readLiveState(client: ScimClient, d: DesiredState): Promise<LiveState> {
  const reads = new LiveReads({
    scim: client,
    publicApi: () => {
      throw new Error('these tests read no PDP policies');
    },
  });
  return { users: await reads.users(), groups: await reads.groupsNamed(d.groups.flatMap((s) => s.groups.map((g) => g.displayName))) };
}
