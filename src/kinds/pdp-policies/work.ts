import type { PdpPolicy } from '../../domo/api/pdp';
import type { Domain, EngineContext } from '../../engine/context';
import { createOnce } from '../../engine/create-once';
import { postGroup, resolveMembers } from '../../engine/group-members';
import { constructOf, verifiedInstance } from '../../engine/manifests';
import type { Outcome, WorkResult } from '../../engine/outcome';
import { MissingUserError } from '../../engine/people';
import { findPolicy, planPolicy, type PolicyMemberIds, type PolicyPlan } from '../../engine/planner/policy';
import { mapLimit } from '../../engine/pool';
import type { Work } from '../../engine/protocol';
import { groupKey } from '../../model/directory-groups';
import { userKey } from '../../model/identity';
import { datasetPolicyKey, describeRows, type DesiredPdpPolicy } from '../../model/pdp-policies';
import { pdpPoliciesManifest, policyNamesOfDestroyArgument, type PdpConstructFile } from './manifest';

/**
 * Create step of one dataset's policies: first everything is read and checked (the dataset, its
 * columns, every member), and any problem fails the instance naming each one, with nothing
 * written. Then missing members are created from the stack's records (DomoUsers,
 * DomoDirectoryGroups), each policy is found by name (keeping its id) or created, updated with
 * one PUT when it differs, and every write is verified by reading it back. Policies the stack does
 * not name, and Domo's system All Rows policy, are never touched.
 */
export async function createPdpPolicies(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, pdpPoliciesManifest);
  const domain = ctx.domain(construct.scim);
  const datasetId = instance.dataset;
  const checked = await check(domain, datasetId, instance.policies);
  if (checked.problems.length > 0) {
    return { outcomes: checked.problems, notes: ['nothing was written: fix these and deploy again'] };
  }
  const members = await ensureMembers(domain, instance.policies, ctx.env.DOMO_IDENTITY_CONCURRENCY);
  const outcomes: Outcome[] = [];
  const written: Array<{ policy: DesiredPdpPolicy; plan: PolicyPlan; id: number }> = [];
  for (const policy of instance.policies) {
    const identity = policyIdentity(policy.name);
    const failures = members.failures(policy);
    if (failures.length > 0) {
      outcomes.push({ identity, status: 'failed', error: `not written: ${failures.join('; ')}` });
      continue;
    }
    const plan = planPolicy(findPolicy(checked.live, policy.name), policy, members.ids);
    if (plan.action === 'none') {
      outcomes.push({ identity, status: 'unchanged' });
      continue;
    }
    try {
      const id =
        plan.action === 'create'
          ? await createOrAdopt(domain, datasetId, policy, plan, members.ids)
          : findPolicy(checked.live, policy.name)!.id;
      if (plan.action === 'update') await domain.pdp.updatePolicy(datasetId, id, plan.body);
      written.push({ policy, plan, id });
    } catch (e) {
      outcomes.push({ identity, status: 'failed', error: (e as Error).message });
    }
  }
  outcomes.push(...(await readBack(domain, datasetId, written, members)));
  return { outcomes };
}

/** Destroy step: applies the removal policy to the old instance's policies that are desired nowhere in the construct any more. */
export async function destroyPdpPolicies(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct } = constructOf(ctx.output, work, pdpPoliciesManifest);
  const datasetId = work.key;
  const names = policyNamesOfDestroyArgument(work.arg);
  const leaving = names.filter((n) => ctx.env.DOMO_IDENTITY_TEARDOWN || !desired(construct, datasetId, n));
  const outcomes: Outcome[] = names
    .filter((n) => !leaving.includes(n))
    .map((n) => ({ identity: policyIdentity(n), status: 'kept' as const }));
  if (leaving.length === 0) return { outcomes };
  if (construct.removalPolicy === 'retain') return { outcomes: [...outcomes, ...leaving.map((n) => retained(n))] };
  const domain = ctx.domain(construct.scim);
  const dataset = await domain.pdp.dataset(datasetId);
  const live = dataset ? await domain.pdp.listPolicies(datasetId) : [];
  for (const name of leaving) {
    const found = findPolicy(live, name);
    if (!found) {
      outcomes.push({ identity: policyIdentity(name), status: 'absent' });
      continue;
    }
    await domain.pdp.deletePolicy(datasetId, found.id);
    outcomes.push({ identity: policyIdentity(name), status: 'deleted', detail: `policy ${found.id} deleted` });
  }
  return { outcomes };
}

function desired(construct: PdpConstructFile, datasetId: string, name: string): boolean {
  return construct.desiredPolicies.includes(datasetPolicyKey(datasetId, name));
}

function retained(name: string): Outcome {
  return { identity: policyIdentity(name), status: 'retained' };
}

export function policyIdentity(name: string): string {
  return `policy ${JSON.stringify(name)}`;
}

interface Checked {
  readonly problems: Outcome[];
  /** The dataset's policies as Domo has them (empty when the dataset is unknown). */
  readonly live: PdpPolicy[];
}

/**
 * Reads the dataset, its policies and every member, and lists every problem: an unknown dataset,
 * PDP not enabled, a filter column the dataset lacks, a user or group that is neither in Domo nor
 * a record of this stack (which would be created). No write happens before this returns none.
 */
async function check(domain: Domain, datasetId: string, policies: readonly DesiredPdpPolicy[]): Promise<Checked> {
  const problems: Outcome[] = [];
  const problem = (identity: string, error: string) => problems.push({ identity, status: 'failed', error });
  const dataset = await domain.pdp.dataset(datasetId);
  if (!dataset)
    problem(`dataset ${datasetId}`, "Domo has no dataset with this id: check the id (the last part of the dataset's URL in Domo)");
  else if (dataset.pdpEnabled === false)
    problem(`dataset ${datasetId}`, 'Personalized Data Permissions are not enabled on this dataset: enable PDP on it in Domo first');
  if (dataset) {
    const columns = new Set(dataset.columns);
    for (const p of policies) {
      for (const column of new Set(p.filters.map((f) => f.column).filter((c) => !columns.has(c))))
        problem(
          policyIdentity(p.name),
          `filter column ${JSON.stringify(column)} is not a column of dataset ${datasetId} (its columns: ${dataset.columns.join(', ')})`,
        );
    }
  }
  const users = await domain.users.find(policies.flatMap((p) => p.users));
  const groups = new Map<string, boolean>();
  for (const name of new Set(policies.flatMap((p) => p.groups.map(groupKey)))) {
    const displayName = policies.flatMap((p) => p.groups).find((g) => groupKey(g) === name)!;
    groups.set(name, (await domain.groups.find(displayName)) !== undefined || domain.groups.recordOf(displayName) !== undefined);
  }
  for (const p of policies) {
    for (const u of p.users)
      if (!users.get(userKey(u)) && !domain.people.recordOf(u))
        problem(policyIdentity(p.name), `user ${JSON.stringify(u)} is neither a Domo user nor a user of this stack's DomoUsers`);
    for (const g of p.groups)
      if (!groups.get(groupKey(g)))
        problem(
          policyIdentity(p.name),
          `group ${JSON.stringify(g)} is neither a Domo directory group nor a group of this stack's DomoDirectoryGroups`,
        );
  }
  const live = dataset && dataset.pdpEnabled !== false ? await domain.pdp.listPolicies(datasetId) : [];
  return { problems, live };
}

interface Members {
  readonly ids: PolicyMemberIds;
  /** Why a policy cannot be written (a member that could not be created), empty when it can. */
  failures(policy: DesiredPdpPolicy): string[];
  /** userName or displayName of a member id, for reports. */
  readonly names: { readonly users: ReadonlyMap<number, string>; readonly groups: ReadonlyMap<number, string> };
}

/** Domo ids of every member; users and groups Domo lacks are created from the stack's records first (once per deploy). */
async function ensureMembers(domain: Domain, policies: readonly DesiredPdpPolicy[], concurrency: number): Promise<Members> {
  const userIds = new Map<string, number>();
  const groupIds = new Map<string, number>();
  const userNames = new Map<number, string>();
  const groupNames = new Map<number, string>();
  const failed = new Map<string, string>();
  const distinct = (names: readonly string[], key: (s: string) => string) => [...new Map(names.map((n) => [key(n), n])).values()];
  const users = distinct(
    policies.flatMap((p) => p.users),
    userKey,
  );
  const found = await domain.users.find(users);
  await mapLimit(users, concurrency, async (u) => {
    try {
      const id = domoId((await domain.people.ensure(u, found.get(userKey(u)))).id);
      userIds.set(userKey(u), id);
      userNames.set(id, u);
    } catch (e) {
      if (!(e instanceof MissingUserError)) throw e;
      failed.set(`u:${userKey(u)}`, `user ${JSON.stringify(u)}: ${e.message}`);
    }
  });
  const groups = distinct(
    policies.flatMap((p) => p.groups),
    groupKey,
  );
  await mapLimit(groups, concurrency, async (g) => {
    try {
      const { group } = await domain.groups.ensure(g, async () => {
        const record = domain.groups.recordOf(g);
        if (!record) throw new Error('not found in Domo');
        const resolved = await resolveMembers(domain, record.group.members, concurrency);
        return postGroup(domain, record.group, resolved.ids);
      });
      const id = domoId(group.id);
      groupIds.set(groupKey(g), id);
      groupNames.set(id, g);
    } catch (e) {
      failed.set(`g:${groupKey(g)}`, `group ${JSON.stringify(g)}: creating it (DomoDirectoryGroups) failed: ${(e as Error).message}`);
    }
  });
  return {
    ids: { users: userIds, groups: groupIds },
    names: { users: userNames, groups: groupNames },
    failures: (policy) => [
      ...policy.users.flatMap((u) => failed.get(`u:${userKey(u)}`) ?? []),
      ...policy.groups.flatMap((g) => failed.get(`g:${groupKey(g)}`) ?? []),
    ],
  };
}

function domoId(id: string): number {
  if (!/^\d+$/.test(id)) throw new Error(`Domo id ${JSON.stringify(id)} is not a number, as PDP policies need`);
  return Number(id);
}

/**
 * POST once (createOnce): after an answer that leaves open whether Domo created it (5xx, a dropped
 * connection, 409 because another writer just did) a lookup by name adopts the policy Domo has,
 * which is then PUT to the desired state if it differs; a policy is never created twice.
 */
async function createOrAdopt(
  domain: Domain,
  datasetId: string,
  policy: DesiredPdpPolicy,
  plan: PolicyPlan,
  ids: PolicyMemberIds,
): Promise<number> {
  const lookUp = async () => findPolicy(await domain.pdp.listPolicies(datasetId), policy.name);
  const { value, adopted } = await createOnce(
    async () => (await domain.pdp.createPolicy(datasetId, plan.body)) ?? (await lookUp()),
    lookUp,
  );
  if (!value)
    throw new Error(`Domo answered the create of policy ${JSON.stringify(policy.name)} without it, and has no policy of that name`);
  if (adopted) {
    const left = planPolicy(value, policy, ids);
    if (left.action !== 'none') await domain.pdp.updatePolicy(datasetId, value.id, left.body);
  }
  return value.id;
}

/** Domo can accept a write and not apply it: one read (one listing when several were written) decides each written policy. */
async function readBack(
  domain: Domain,
  datasetId: string,
  written: ReadonlyArray<{ policy: DesiredPdpPolicy; plan: PolicyPlan; id: number }>,
  members: Members,
): Promise<Outcome[]> {
  if (written.length === 0) return [];
  let after: PdpPolicy[];
  try {
    after =
      written.length === 1
        ? [await domain.pdp.getPolicy(datasetId, written[0]!.id)].filter((p): p is PdpPolicy => p !== undefined)
        : await domain.pdp.listPolicies(datasetId);
  } catch (e) {
    return written.map(({ policy }) => ({
      identity: policyIdentity(policy.name),
      status: 'failed' as const,
      error: `written, but reading it back failed: ${(e as Error).message}`,
    }));
  }
  return written.map(({ policy, plan, id }) => {
    const identity = policyIdentity(policy.name);
    const now = after.find((p) => p.id === id);
    if (!now) return { identity, status: 'failed' as const, error: `policy ${id} is not in Domo after the write` };
    const left = planPolicy(now, policy, members.ids);
    if (left.action !== 'none')
      return {
        identity,
        status: 'failed' as const,
        error: `Domo did not keep it (read back after the write): ${describePlan(left, members)}`,
      };
    return {
      identity,
      status: plan.action === 'create' ? ('created' as const) : ('updated' as const),
      detail: plan.action === 'create' ? describeNew(policy) : describePlan(plan, members),
    };
  });
}

const quote = (s: string) => JSON.stringify(s);

function describeNew(policy: DesiredPdpPolicy): string {
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
