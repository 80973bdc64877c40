import type { ScimUser } from '../../domo/scim/schemas';
import { userKey } from '../../model/identity';
import type { DesiredUserAttributes } from '../../model/user-attributes';
import { selectChanged } from '../../engine/changed';
import type { Domain, EngineContext } from '../../engine/context';
import { constructOf, parseOldDigests, verifiedInstance } from '../../engine/manifests';
import { failed, guard, type Outcome, type WorkResult } from '../../engine/outcome';
import { describeChanges, type AttributeChange } from '../../engine/planner/attributes';
import { planUser, type DesiredUserState } from '../../engine/planner/user';
import { mapLimit } from '../../engine/pool';
import type { Work } from '../../engine/protocol';
import { userAttributesManifest } from './manifest';

/** Create step of a shard: makes its (changed) users carry exactly the desired managed keys. */
export async function createUserAttributes(ctx: EngineContext, work: Work): Promise<WorkResult> {
  const { construct, instance } = verifiedInstance(ctx.output, work, userAttributesManifest);
  const domain = ctx.domain(construct.scim);
  const selection = selectChanged(
    instance.users,
    userAttributesManifest.triggers(construct, instance),
    ctx.takeOld(work),
    ctx.reconcilesWhole(work),
  );
  const found = await domain.users.find(selection.users.map((u) => u.userName));
  const outcomes = await mapLimit(selection.users, ctx.env.DOMO_IDENTITY_CONCURRENCY, (user: DesiredUserAttributes) =>
    guard(user.userName, async () => {
      const live = await domain.people.ensure(user.userName, found.get(userKey(user.userName)));
      return converge(domain, live, user.userName, { attributes: user.attributes, keys: construct.managedKeys }, 'updated');
    }),
  );
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
  const domain = ctx.domain(construct.scim);
  const cleared = Object.fromEntries(construct.managedKeys.map((k) => [k, [] as string[]]));
  const found = await domain.users.find(departed);
  const outcomes = await mapLimit(departed, ctx.env.DOMO_IDENTITY_CONCURRENCY, (userName) =>
    guard(userName, async () => {
      const live = found.get(userKey(userName));
      if (!live) return { identity: userName, status: 'absent' };
      return converge(domain, live, userName, { attributes: cleared, keys: construct.managedKeys }, 'cleared');
    }),
  );
  return { outcomes };
}

/** PATCHes what differs, then proves by a read-back that Domo kept it (an IdP-sourced key can be accepted and ignored). */
export async function converge(
  domain: Domain,
  live: ScimUser,
  userName: string,
  desired: DesiredUserState,
  status: 'updated' | 'cleared',
): Promise<Outcome> {
  const plan = planUser(live, desired);
  if (plan.operations.length === 0) return { identity: userName, status: 'unchanged' };
  await domain.scim.patchUser(live.id, plan.operations);
  const after = (await domain.readBack.read([live])).get(live.id);
  if (!after) return failed(userName, 'the user disappeared from Domo during the deploy', plan.attributes);
  const remaining = planUser(after, desired);
  if (remaining.attributes.length > 0) {
    return failed(
      userName,
      `Domo did not keep ${describeRemaining(remaining.attributes)} (is the key's value source IdP only?)`,
      plan.attributes,
    );
  }
  return { identity: userName, status, changes: plan.attributes };
}

function describeRemaining(remaining: readonly AttributeChange[]): string {
  return describeChanges(remaining.map((c) => ({ key: c.key, from: c.to, to: c.from }))).replace(/ -> /g, ', it still has ');
}

/** Says how many users of the instance the change did not touch (they were neither read nor written). */
export function untouchedNote(untouched: number): string[] {
  return untouched === 0 ? [] : [`${untouched} other user${untouched === 1 ? '' : 's'} of this shard unchanged by this plan: not re-read`];
}
