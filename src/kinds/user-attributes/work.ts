import { userKey } from '../../model/identity';
import type { DesiredUserAttributes } from './model';
import { applyPlans, target, untouchedNote, type PlanReport, type UserTarget } from '../../engine/apply-plans';
import { selectChanged } from '../../engine/changed';
import type { Domain, EngineContext } from '../../engine/context';
import { constructOf, parseOldDigests, verifiedInstance } from '../../engine/manifests';
import { failed, type Outcome, type WorkResult } from '../../engine/outcome';
import { describeChanges, type AttributeChange } from '../../engine/planner/attributes';
import { mapLimit } from '../../engine/pool';
import type { Work } from '../../engine/protocol';
import { userAttributesManifest } from './manifest';

/** Create step of a shard: makes its (changed) users carry exactly the desired managed keys. */
export async function createUserAttributes(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, userAttributesManifest);
  const domain = ctx.domain(construct.scim);
  const repair = ctx.repair(work);
  const selection = selectChanged(instance.users, userAttributesManifest.triggers(construct, instance), ctx.takeOld(work), repair.whole);
  const found = await domain.users.find(selection.users.map((u) => u.userName));
  const concurrency = ctx.env.DOMO_IDENTITY_CONCURRENCY;
  const targets = await mapLimit(selection.users, concurrency, (user: DesiredUserAttributes) =>
    target(user.userName, async () => {
      const live = await domain.people.ensure(user.userName, found.get(userKey(user.userName)));
      return { userName: user.userName, live, desired: { attributes: user.attributes, keys: construct.managedKeys } };
    }),
  );
  const outcomes = await applyPlans(domain, targets, concurrency, reporting('updated'));
  // A repair after a lost state: users outside the desired state still holding what only this stack writes.
  const outsiders = repair.remove.filter((n) => !construct.desiredUsers.includes(userKey(n)));
  if (outsiders.length > 0 && construct.removalPolicy === 'clear')
    outcomes.push(...(await clearUsers(domain, outsiders, construct.managedKeys, concurrency)));
  return { outcomes, notes: untouchedNote(selection.untouched) };
}

/**
 * Destroy step of a shard: records what the old instance held for the create step that follows,
 * and applies the removal policy to its users that are desired nowhere in the construct any more.
 * Users who only moved to another shard, or whose values changed, are left alone (no flapping).
 */
export async function destroyUserAttributes(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct } = constructOf(ctx.output, work, userAttributesManifest);
  const old = parseOldDigests(work.arg);
  ctx.recordOld(work, old);
  const desired = new Set<string>(ctx.env.DOMO_IDENTITY_TEARDOWN ? [] : construct.desiredUsers);
  const departed = [...old.keys()].filter((name) => !desired.has(userKey(name)));
  if (construct.removalPolicy === 'retain') return { outcomes: departed.map((identity) => ({ identity, status: 'retained' })) };
  return { outcomes: await clearUsers(ctx.domain(construct.scim), departed, construct.managedKeys, ctx.env.DOMO_IDENTITY_CONCURRENCY) };
}

/** Clears the managed keys of these users; a user Domo does not have is `absent`. */
export async function clearUsers(
  domain: Domain,
  userNames: readonly string[],
  keys: readonly string[],
  concurrency: number,
): Promise<Outcome[]> {
  const cleared = Object.fromEntries(keys.map((k) => [k, [] as string[]]));
  const found = await domain.users.find(userNames);
  const targets = userNames.map((userName): UserTarget | Outcome => {
    const live = found.get(userKey(userName));
    return live ? { userName, live, desired: { attributes: cleared, keys } } : { identity: userName, status: 'absent' };
  });
  return applyPlans(domain, targets, concurrency, reporting('cleared'));
}

/** How a user of an attributes shard is reported: the changed keys, or what Domo did not keep. */
function reporting(status: 'updated' | 'cleared'): PlanReport<UserTarget> {
  return {
    unchanged: (t) => ({ identity: t.userName, status: 'unchanged' }),
    written: (t, plan) => ({ identity: t.userName, status, changes: plan.attributes }),
    notKept: (t, plan, left) =>
      failed(t.userName, `Domo did not keep ${describeRemaining(left.attributes)} (is the key's value source IdP only?)`, plan.attributes),
  };
}

function describeRemaining(remaining: readonly AttributeChange[]): string {
  return describeChanges(remaining.map((c) => ({ key: c.key, from: c.to, to: c.from }))).replace(/ -> /g, ', it still has ');
}
