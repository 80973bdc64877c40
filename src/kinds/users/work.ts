import { ScimError } from '../../domo/errors';
import { userKey } from '../../model/identity';
import type { UserField } from './model';
import { selectChanged } from '../../engine/changed';
import type { Domain, EngineContext } from '../../engine/context';
import { constructOf, parseOldDigests, verifiedInstance } from '../../engine/manifests';
import { failed, guard, type Outcome, type WorkResult } from '../../engine/outcome';
import { MissingUserError } from '../../engine/people';
import { describeChanges } from '../../engine/planner/attributes';
import type { FieldChange } from '../../engine/planner/user';
import { userFields } from './fields';
import { mapLimit } from '../../engine/pool';
import type { Work } from '../../engine/protocol';
import { applyPlans, target, untouchedNote, type PlanReport, type UserTarget } from '../../engine/apply-plans';
import { usersManifest } from './manifest';

/**
 * Create step of a users shard: every (changed) user is created when Domo lacks them (or was
 * already created this deploy by another instance that needed them), then given one PATCH with
 * what differs and read back. A manager missing in Domo is created first from their own desired
 * record when this stack manages them, whichever shard they belong to, so a new hire whose manager
 * is new too converges in one deploy.
 */
export async function createUsers(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, usersManifest);
  const domain = ctx.domain(construct.scim);
  const repair = ctx.repair(work);
  const selection = selectChanged(instance.users, usersManifest.triggers(construct, instance), ctx.takeOld(work), repair.whole);
  const managers = selection.users.map((u) => u.fields.manager).filter((m): m is string => !!m);
  const found = await domain.users.find([...selection.users.map((u) => u.userName), ...managers]);
  const concurrency = ctx.env.DOMO_IDENTITY_CONCURRENCY;
  const targets = await mapLimit(selection.users, concurrency, (user) =>
    target(user.userName, async (): Promise<UserOfShard | Outcome> => {
      const existing = found.get(userKey(user.userName)) ?? domain.users.get(user.userName);
      const live = await domain.people.ensure(user.userName, existing);
      const fields: Partial<Record<UserField, string>> = await domain.roles.resolve(user.fields);
      const manager = user.fields.manager;
      if (manager) {
        try {
          fields.manager = (await domain.people.ensure(manager, found.get(userKey(manager)))).id;
        } catch (e) {
          if (!(e instanceof MissingUserError)) throw e;
          return failed(user.userName, `their manager ${manager}: ${e.message}`);
        }
      }
      const desired = { fields: userFields(fields), attributes: user.customAttributes, keys: Object.keys(user.customAttributes) };
      return { userName: user.userName, live, desired, created: domain.people.wasCreated(user.userName) };
    }),
  );
  const outcomes = await applyPlans(domain, targets, concurrency, report(domain));
  // A repair after a lost state: users outside the desired state that this stack would have deleted.
  const outsiders = repair.remove.filter((n) => !construct.desiredUsers.includes(userKey(n)));
  if (outsiders.length > 0 && construct.removalPolicy === 'delete') outcomes.push(...(await deleteUsers(domain, outsiders, concurrency)));
  return { outcomes, notes: untouchedNote(selection.untouched) };
}

interface UserOfShard extends UserTarget {
  /** Created (or adopted after a failed POST) by this deploy. */
  readonly created: boolean;
}

const report = (domain: Domain): PlanReport<UserOfShard> => ({
  unchanged: (t) =>
    t.created ? { identity: t.userName, status: 'created', detail: 'new user' } : { identity: t.userName, status: 'unchanged' },
  written: (t, plan) => ({
    identity: t.userName,
    status: t.created ? 'created' : 'updated',
    detail: [t.created ? 'new user' : '', describeFields(plan.fields, (id) => domain.roles.describe(id)), describeChanges(plan.attributes)]
      .filter(Boolean)
      .join(', '),
  }),
  notKept: (t, _plan, left) => {
    const kept = [...left.fields.map((c) => c.field), ...left.attributes.map((c) => c.key)].join(', ');
    return failed(
      t.userName,
      `Domo did not keep ${kept} after the ${t.created ? 'create' : 'update'} (is a key IdP-only, or a value invalid?)`,
    );
  },
});

/** Destroy step: records the old instance for the create step, and applies the removal policy to users desired nowhere any more. */
export async function destroyUsers(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct } = constructOf(ctx.output, work, usersManifest);
  const old = parseOldDigests(work.arg);
  ctx.recordOld(work, old);
  const desired = new Set(ctx.env.DOMO_IDENTITY_TEARDOWN ? [] : construct.desiredUsers);
  const departed = [...old.keys()].filter((n) => !desired.has(userKey(n)));
  if (construct.removalPolicy === 'retain') return { outcomes: departed.map((identity) => ({ identity, status: 'retained' })) };
  return { outcomes: await deleteUsers(ctx.domain(construct.scim), departed, ctx.env.DOMO_IDENTITY_CONCURRENCY) };
}

/** Deletes these users; a user already gone is `absent`, a dataset owner Domo refuses to delete is `retained`. */
async function deleteUsers(domain: Domain, userNames: readonly string[], concurrency: number): Promise<Outcome[]> {
  const found = await domain.users.find(userNames);
  return mapLimit(userNames, concurrency, (userName) =>
    guard(userName, async () => {
      const live = found.get(userKey(userName));
      if (!live) return { identity: userName, status: 'absent' };
      const deleted: Outcome = { identity: userName, status: 'deleted', detail: `user ${live.id} deleted` };
      try {
        await domain.scim.deleteUser(live.id);
        domain.users.forget(userName);
        return deleted;
      } catch (err) {
        // Domo may answer an error although the delete took effect, and a retried DELETE answers
        // 404: whether the user is gone decides, not the status.
        const still = await domain.scim.findUserByUserName(userName).then(
          (user) => user !== undefined,
          () => true,
        );
        if (!still) {
          domain.users.forget(userName);
          return deleted;
        }
        if (refusedForOwnership(err))
          return { identity: userName, status: 'retained', detail: `NOT DELETED: ${(err as ScimError).detail}` };
        return failed(userName, `not deleted: ${(err as Error).message}`);
      }
    }),
  );
}

/**
 * Domo refuses to delete a user who owns DataSets or DataFlows (a 4xx naming them). That one
 * refusal is reported and the deploy carries on: failing would abort the shard's replacement and
 * block every other change in it until someone reassigns the ownership. Any other failure (403
 * for a missing grant, a 404 while the user still exists, 5xx after the retries) fails the deploy.
 */
export function refusedForOwnership(err: unknown): boolean {
  if (!(err instanceof ScimError) || (err.status !== 400 && err.status !== 409)) return false;
  return /\bdata\s?(sets?|flows?)\b/i.test(err.detail ?? '');
}

function describeFields(changes: readonly FieldChange[], role: (id: string) => string): string {
  const show = (c: FieldChange, v: string) => (v === '' ? '(none)' : c.field === 'role' ? role(v) : JSON.stringify(v));
  return changes.map((c) => `${c.field} ${show(c, c.from)} -> ${show(c, c.to)}`).join(', ');
}
