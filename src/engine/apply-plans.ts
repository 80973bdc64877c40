import type { ScimUser } from '../domo/scim/schemas';
import type { Domain } from './context';
import { failed, type Outcome } from './outcome';
import { planUser, type DesiredUserState, type UserPlan } from './planner/user';
import { mapLimit } from './pool';

/** One user of an instance: as Domo has them, and as they should be. */
export interface UserTarget {
  readonly userName: string;
  readonly live: ScimUser;
  readonly desired: DesiredUserState;
}

/** How an instance reports a user: written and kept, written and not kept, or unchanged. */
export interface PlanReport<T extends UserTarget> {
  unchanged(target: T): Outcome;
  written(target: T, plan: UserPlan): Outcome;
  notKept(target: T, plan: UserPlan, left: UserPlan): Outcome;
}

/**
 * Writes an instance's users in two passes: first one PATCH per user that differs, then one
 * read-back of all of them together, which the engine serves with a single listing when many
 * users of many instances wait at once. Domo can accept a write and not apply it (an IdP-only
 * key), so only the read-back decides a user's outcome. One user's failure never stops the others.
 */
export async function applyPlans<T extends UserTarget>(
  domain: Domain,
  targets: readonly (T | Outcome)[],
  concurrency: number,
  report: PlanReport<T>,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = new Array(targets.length);
  const written: Array<{ index: number; target: T; plan: UserPlan }> = [];
  await mapLimit(
    targets.map((t, index) => ({ t, index })),
    concurrency,
    async ({ t, index }) => {
      if (!('live' in t)) {
        outcomes[index] = t;
        return;
      }
      const plan = planUser(t.live, t.desired);
      if (plan.operations.length === 0) {
        outcomes[index] = report.unchanged(t);
        return;
      }
      try {
        await domain.scim.patchUser(t.live.id, plan.operations);
        written.push({ index, target: t, plan });
      } catch (e) {
        outcomes[index] = failed(t.userName, (e as Error).message, plan.attributes);
      }
    },
  );
  let after: Map<string, ScimUser | undefined>;
  try {
    after = await domain.readBack.read(written.map((w) => w.target.live));
  } catch (e) {
    for (const { index, target, plan } of written)
      outcomes[index] = failed(target.userName, `written, but reading it back failed: ${(e as Error).message}`, plan.attributes);
    return outcomes;
  }
  for (const { index, target, plan } of written) {
    const user = after.get(target.live.id);
    if (!user) {
      outcomes[index] = failed(target.userName, 'the user disappeared from Domo during the deploy', plan.attributes);
      continue;
    }
    const left = planUser(user, target.desired);
    outcomes[index] = left.operations.length === 0 ? report.written(target, plan) : report.notKept(target, plan, left);
  }
  return outcomes;
}

/** A target for one user, or that user's failure (not found, creation failed): one user never stops the others. */
export async function target<T extends UserTarget>(userName: string, make: () => Promise<T | Outcome>): Promise<T | Outcome> {
  try {
    return await make();
  } catch (e) {
    return failed(userName, (e as Error).message);
  }
}

/** Says how many users of the instance the change did not touch (they were neither read nor written). */
export function untouchedNote(untouched: number): string[] {
  return untouched === 0 ? [] : [`${untouched} other user${untouched === 1 ? '' : 's'} of this shard unchanged by this plan: not re-read`];
}
