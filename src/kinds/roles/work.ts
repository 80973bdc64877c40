import type { Authority } from '../../domo/api/schemas';
import type { Domain, EngineContext } from '../../engine/context';
import { constructOf, verifiedInstance } from '../../engine/manifests';
import type { Outcome, WorkResult } from '../../engine/outcome';
import type { Work } from '../../engine/protocol';
import { describeRole } from '../../model/roles';
import { grantProblems, holdersOf, MOVE_HOLDERS } from './check';
import { rolesManifest } from './manifest';
import { roleKey, type DesiredRole } from './model';
import { describeGrants, findRole, planRole } from './planner';

/** The instance's grants, listed once per deploy however many roles it checks. */
const catalogues = new WeakMap<Domain, Promise<Authority[]>>();

function catalogueOf(domain: Domain): Promise<Authority[]> {
  let listed = catalogues.get(domain);
  if (!listed) catalogues.set(domain, (listed = domain.api.authorities.list()));
  return listed;
}

const identityOf = (name: string) => `role ${JSON.stringify(name)}`;

/**
 * Create step of one custom role: its grant ids are checked against the instance's list of grants
 * first, and an unknown one fails the role with nothing written. Then the role is found by name
 * (keeping its id) or created from `fromRoleId`, its grants are set to exactly the desired set
 * with one write of the complete list when they differ (always after a create, which copies
 * `fromRoleId`'s), and read back.
 */
export async function createRole(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, rolesManifest);
  const { role } = instance;
  const identity = identityOf(role.name);
  const domain = ctx.domain(construct.scim);
  const problems = grantProblems(role, await catalogueOf(domain));
  if (problems.length > 0) {
    return {
      outcomes: problems.map((error) => ({ identity, status: 'failed' as const, error })),
      notes: ['nothing was written: fix these and deploy again'],
    };
  }
  try {
    return { outcomes: [await converge(domain, role)] };
  } catch (e) {
    return { outcomes: [{ identity, status: 'failed', error: (e as Error).message }] };
  }
}

async function converge(domain: Domain, role: DesiredRole): Promise<Outcome> {
  const identity = identityOf(role.name);
  const found = findRole(await domain.api.roles.list(), role.name);
  if (!found) {
    const created = await domain.api.roles.create({ name: role.name, description: role.description ?? '', fromRoleId: role.fromRoleId });
    await domain.api.roles.setAuthorities(created.id, role.grants);
    const grants = role.grants.length > 0 ? role.grants.join(', ') : 'none';
    return {
      identity,
      status: 'created',
      detail: `role ${created.id} created from ${describeRole(String(role.fromRoleId))}; grants: ${grants}`,
    };
  }
  const plan = planRole({ role: found, grants: await domain.api.roles.authorities(found.id) }, role);
  const notes = plan.description
    ? [
        `description in Domo ${JSON.stringify(plan.description.from)} differs from the code's ${JSON.stringify(plan.description.to)}: ` +
          'not changed (the Roles Governance API sets a description only when it creates the role; edit it in Admin > Governance > Roles)',
      ]
    : [];
  if (plan.action === 'none') return { identity, status: 'unchanged', ...(notes.length > 0 ? { detail: notes.join('; ') } : {}) };
  await domain.api.roles.setAuthorities(found.id, role.grants);
  return { identity, status: 'updated', detail: [`grants ${describeGrants(plan)}`, ...notes].join('; ') };
}

/**
 * Destroy step: applies the removal policy to a role desired nowhere in the construct any more.
 * `delete` refuses a role that users still hold: Domo would have to move them somewhere, and the
 * place to say where is each user's role in DomoUsers.
 */
export async function destroyRole(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct } = constructOf(ctx.output, work, rolesManifest);
  const name = work.arg;
  const identity = identityOf(name);
  if (!ctx.env.DOMO_IDENTITY_TEARDOWN && construct.desiredRoles.includes(roleKey(name)))
    return { outcomes: [{ identity, status: 'kept' }] };
  if (construct.removalPolicy === 'retain') return { outcomes: [{ identity, status: 'retained' }] };
  const domain = ctx.domain(construct.scim);
  const live = findRole(await domain.api.roles.list(), name);
  if (!live) return { outcomes: [{ identity, status: 'absent' }] };
  if ((live.userCount ?? 0) > 0) return { outcomes: [{ identity, status: 'failed', error: stillHeld(name, live.userCount!) }] };
  await domain.api.roles.delete(live.id);
  return { outcomes: [{ identity, status: 'deleted', detail: `role ${live.id} deleted` }] };
}

/** Why a role with users is not deleted, and where to move them. */
export function stillHeld(name: string, users: number): string {
  return `not deleted: ${holdersOf(users)} role ${JSON.stringify(name)}; ${MOVE_HOLDERS}`;
}
