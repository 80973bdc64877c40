import type { ScimClient } from '../domo/scim/client';
import { ScimError } from '../domo/errors';
import { userKey } from '../model/user-attributes';
import type { UsersConstructFile } from '../model/users-manifest';
import { mapLimit } from '../engine/pool';
import { failed, guard, type Outcome } from '../engine/outcome';

/** Applies the removal policy to users of an old shard that are desired nowhere in the construct. */
export async function removeUsers(
  client: ScimClient,
  construct: UsersConstructFile,
  oldUserNames: readonly string[],
  options: { readonly concurrency: number; readonly teardown: boolean },
): Promise<Outcome[]> {
  const desired = new Set(options.teardown ? [] : construct.desiredUsers);
  const departed = oldUserNames.filter((n) => !desired.has(userKey(n)));
  if (construct.removalPolicy === 'retain') return departed.map((identity) => ({ identity, status: 'retained' }));
  return mapLimit(departed, options.concurrency, (userName) =>
    guard(userName, async () => {
      const live = await client.findUserByUserName(userName);
      if (!live) return { identity: userName, status: 'absent' };
      const deleted: Outcome = { identity: userName, status: 'deleted', detail: `user ${live.id} deleted` };
      try {
        await client.deleteUser(live.id);
        return deleted;
      } catch (err) {
        // Domo may answer an error although the delete took effect, and a retried DELETE answers
        // 404: whether the user is gone decides, not the status. The lookup failing too leaves
        // the delete's own error to judge by.
        const still = await client.findUserByUserName(userName).then(
          (user) => user !== undefined,
          () => true,
        );
        if (!still) return deleted;
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
