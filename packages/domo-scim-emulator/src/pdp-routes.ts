import { DATASETS_PATH } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { datasetOf } from './dataset-routes';
import { EmulatorRequest, EmulatorResponse, parseBody } from './http';
import { ALL_ROWS, PolicyBody, policyProblems, PolicyUpdate, SeedPolicy } from './pdp-seed';
import { badRequest, EmulatorHttpError, notFound } from './scim-errors';

/*
 * Domo's public API PDP policies: `GET|POST /v1/datasets/{id}/policies` and
 * `GET|PUT|DELETE /v1/datasets/{id}/policies/{pdp_id}`, behind the same client-credentials token
 * (data scope) as the dataset routes. Policies are stored, validated and listed; rows are never
 * filtered by them.
 */

const POLICIES = new RegExp(`^${DATASETS_PATH}/([^/]+)/policies/?$`);
const POLICY = new RegExp(`^${DATASETS_PATH}/([^/]+)/policies/([^/]+)$`);

export const PDP_ROUTES: readonly EmulatorRoute[] = [
  { method: 'GET', pattern: POLICIES, handle: (req, [id], ctx) => listPolicies(req, id!, ctx) },
  { method: 'POST', pattern: POLICIES, handle: (req, [id], ctx) => createPolicy(req, id!, ctx) },
  { method: 'GET', pattern: POLICY, handle: (_req, [id, pdpId], ctx) => ({ status: 200, body: policyOf(ctx, id!, pdpId!) }) },
  { method: 'PUT', pattern: POLICY, handle: (req, [id, pdpId], ctx) => updatePolicy(req, id!, pdpId!, ctx) },
  { method: 'DELETE', pattern: POLICY, handle: (_req, [id, pdpId], ctx) => deletePolicy(id!, pdpId!, ctx) },
];

/** The dataset's policies, the All Rows policy first (lowest id); `offset` and `limit` page them, as Domo's SDKs send. */
function listPolicies(req: EmulatorRequest, datasetId: string, ctx: EmulatorContext): EmulatorResponse {
  datasetOf(ctx, datasetId);
  const offset = wholeNumber(req.query['offset'], 'offset') ?? 0;
  const limit = wholeNumber(req.query['limit'], 'limit');
  const policies = ctx.store.policies(datasetId);
  return { status: 200, body: policies.slice(offset, limit === undefined ? undefined : offset + limit) };
}

function wholeNumber(raw: string | undefined, name: string): number | undefined {
  if (raw === undefined) return undefined;
  if (!/^\d+$/.test(raw)) throw badRequest(`"${name}" must be a whole number >= 0, got "${raw}"`);
  return Number(raw);
}

function createPolicy(req: EmulatorRequest, datasetId: string, ctx: EmulatorContext): EmulatorResponse {
  datasetOf(ctx, datasetId);
  const body = parseBody(PolicyBody, req.body, 'policy');
  if (!ctx.store.pdpEnabled(datasetId)) {
    throw badRequest(
      `Personalized Data Permissions are not enabled on dataset ${datasetId}: enable PDP on the dataset in Domo first; nothing was changed.`,
    );
  }
  const policy: SeedPolicy = { ...body, id: ctx.store.nextPolicyId(), type: 'user' };
  assertValid(ctx, datasetId, policy);
  return { status: 201, body: ctx.store.putPolicy(datasetId, policy) };
}

/** A partial update, as Domo's reference shows: the fields sent replace the policy's, the others stay. */
function updatePolicy(req: EmulatorRequest, datasetId: string, pdpId: string, ctx: EmulatorContext): EmulatorResponse {
  const current = writablePolicy(ctx, datasetId, pdpId);
  const body = parseBody(PolicyUpdate, req.body ?? {}, 'policy');
  const policy: SeedPolicy = {
    ...current,
    ...definedFields(body),
    id: current.id,
    type: current.type,
  };
  assertValid(ctx, datasetId, policy);
  return { status: 200, body: ctx.store.putPolicy(datasetId, policy) };
}

function deletePolicy(datasetId: string, pdpId: string, ctx: EmulatorContext): EmulatorResponse {
  const policy = writablePolicy(ctx, datasetId, pdpId);
  ctx.store.deletePolicy(datasetId, policy.id);
  return { status: 204 };
}

function policyOf(ctx: EmulatorContext, datasetId: string, pdpId: string): SeedPolicy {
  datasetOf(ctx, datasetId);
  const policy = /^\d+$/.test(pdpId) ? ctx.store.policy(datasetId, Number(pdpId)) : undefined;
  if (!policy) throw notFound(`Policy ${pdpId} not found on dataset ${datasetId}`);
  return policy;
}

/** The policy, unless it is the system one: Domo keeps All Rows, and it is not the client's to touch. */
function writablePolicy(ctx: EmulatorContext, datasetId: string, pdpId: string): SeedPolicy {
  const policy = policyOf(ctx, datasetId, pdpId);
  if (policy.type === 'system') {
    throw new EmulatorHttpError(
      403,
      `Policy ${policy.id} is the system "${ALL_ROWS}" policy of dataset ${datasetId}: it cannot be changed or deleted`,
    );
  }
  return policy;
}

function definedFields<T extends object>(body: T): Partial<T> {
  return Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== undefined && k !== 'id' && k !== 'type')) as Partial<T>;
}

/** Every column, user and group must exist (400 naming each one that does not); names are unique per dataset (409). */
function assertValid(ctx: EmulatorContext, datasetId: string, policy: SeedPolicy): void {
  const columns = datasetOf(ctx, datasetId).columns.map((c) => c.name);
  const problems = policyProblems(
    policy,
    columns,
    (id) => ctx.store.getUser(String(id)) !== undefined,
    (id) => ctx.store.getGroup(String(id)) !== undefined,
  );
  if (problems.length > 0) {
    throw badRequest(`Policy "${policy.name}" of dataset ${datasetId}: ${problems.join('; ')}. Nothing was changed.`);
  }
  const clash = ctx.store.policies(datasetId).find((p) => p.id !== policy.id && p.name.toLowerCase() === policy.name.toLowerCase());
  if (clash) {
    throw new EmulatorHttpError(
      409,
      `Dataset ${datasetId} already has a policy named "${clash.name}" (policy ${clash.id}); policy names are unique per dataset`,
    );
  }
}
