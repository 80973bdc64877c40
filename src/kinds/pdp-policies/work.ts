import type { PdpPolicy } from '../../domo/api/pdp';
import type { Domain, EngineContext } from '../../engine/context';
import { createOnce } from '../../engine/create-once';
import { constructOf, verifiedInstance } from '../../engine/manifests';
import type { Outcome, WorkResult } from '../../engine/outcome';
import { findPolicy, planPolicy, type PolicyMemberIds, type PolicyPlan } from './planner';
import type { Work } from '../../engine/protocol';
import { datasetPolicyKey, type DesiredPdpPolicy } from './model';
import { check } from './check';
import { describeNew, describePlan, policyIdentity } from './describe';
import { pdpPoliciesManifest, policyNamesOfDestroyArgument, type PdpConstructFile } from './manifest';
import { ensureMembers, type Members } from './members';

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
