import { userKey } from '../model/identity';
import { customAttributesOf } from '../domo/scim/custom-attributes';
import type { AssignedOutsiders, DriftFacet, OutsiderAssignment, RepairTarget } from '../drift/facet';
import type { ScimUser } from '../domo/scim/schemas';
import { computeUserDrift, directoryOf, findOutsiders } from './drift-compare';
import type { OutsiderDrift, PeopleDrift, PeopleSet } from './drift-types';
import { deployedUsers, peopleOutsideTheCode } from './deployed';
import { peopleMarkdown, peopleSummary, peopleText } from './drift-render';
import { peopleRepairRows } from './repair-rows';

interface PeopleLive {
  readonly users: readonly ScimUser[];
  readonly roles?: ReadonlyArray<{ readonly id: number; readonly name: string }>;
}

/**
 * Users' profiles: the fields and custom attributes that DomoUsers and DomoUserAttributes
 * constructs manage, compared per user across every construct that manages them, through the same
 * planner the deploy uses (planUser); and users outside the data still holding what only the stack
 * writes. Reads one listing of every user with every attribute, and Domo's roles only when a
 * custom role is given by name.
 */
export const peopleFacet: DriftFacet<PeopleSet, PeopleLive, PeopleDrift> = {
  id: 'users',
  async read(sets, reads) {
    if (sets.length === 0) return { users: [] };
    const users = await reads.users();
    const named = sets.some((s) => s.users.some((u) => u.fields?.namesRoles === true));
    return named ? { users, roles: await reads.roles() } : { users };
  },
  compare(sets, live, context) {
    return {
      users: computeUserDrift(sets, directoryOf(live.users, live.roles)),
      outsiders: findOutsiders(sets, live.users),
      ...(context.creates.users !== undefined ? { creator: context.creates.users } : {}),
    };
  },
  inSync: (r) => r.users.length === 0 && r.outsiders.length === 0,
  outsideTheCode: peopleOutsideTheCode,
  repairTargets(report, sets) {
    const shardOf = new Map(sets.map((s) => [s.constructPath, s.instanceOf]));
    const targets: RepairTarget[] = [];
    for (const user of report.users) {
      const constructs = user.status === 'missing' ? user.constructs : [...new Set(user.differences.map((d) => d.construct))];
      for (const constructPath of constructs) {
        const instanceKey = shardOf.get(constructPath)?.get(userKey(user.userName));
        if (instanceKey !== undefined) targets.push({ constructPath, instanceKey });
      }
    }
    return targets;
  },
  json: (r) => ({ users: r.users, outsiders: r.outsiders }),
  summary: peopleSummary,
  text: peopleText,
  markdown: peopleMarkdown,
  repairRows: peopleRepairRows,
  managedExample(sets, live) {
    const keys = new Set(sets.flatMap((s) => [...(s.managedKeys ?? []), ...s.users.flatMap((u) => u.keys)]));
    for (const user of live.users) {
      const attributes = customAttributesOf(user);
      const key = [...keys].find((k) => (attributes[k] ?? []).length > 0);
      if (key) return `${user.userName} holds ${key}`;
    }
    return undefined;
  },
  assignOutsiders,
};

/**
 * Gives the outsiders drift found to one instance of their construct each: one already among the
 * targets if there is one (it is replaced anyway), else the construct's first instance. Outsiders
 * the state still lists for their construct are left out: their trigger keys leave the plan, so
 * their old instance's destroy step applies the removal policy already.
 */
function assignOutsiders(report: PeopleDrift, sets: readonly PeopleSet[], assign: OutsiderAssignment): AssignedOutsiders<PeopleDrift> {
  const instancesOf = new Map(sets.map((s) => [s.constructPath, [...new Set(s.instanceOf.values())].sort()]));
  const byConstruct = new Map<string, OutsiderDrift[]>();
  const covered = new Map<string, ReadonlyMap<string, unknown>>();
  const coveredBy = (construct: string) => {
    let users = covered.get(construct);
    if (!users) covered.set(construct, (users = deployedUsers(assign.deployed, construct)));
    return users;
  };
  for (const o of report.outsiders) {
    if (!assign.only(o.construct) || coveredBy(o.construct).has(userKey(o.userName))) continue;
    byConstruct.set(o.construct, [...(byConstruct.get(o.construct) ?? []), o]);
  }
  const repairs: Array<RepairTarget & { userNames: string[] }> = [];
  const unassigned: OutsiderDrift[] = [];
  const given = new Set<OutsiderDrift>();
  for (const [constructPath, outsiders] of byConstruct) {
    const instances = instancesOf.get(constructPath) ?? [];
    const instanceKey =
      assign.targets.find((t) => t.constructPath === constructPath && instances.includes(t.instanceKey))?.instanceKey ?? instances[0];
    if (instanceKey === undefined) {
      unassigned.push(...outsiders);
      continue;
    }
    repairs.push({ constructPath, instanceKey, userNames: outsiders.map((o) => o.userName) });
    outsiders.forEach((o) => given.add(o));
  }
  return { report: { ...report, outsiders: report.outsiders.filter((o) => given.has(o)) }, repairs, unassigned };
}
