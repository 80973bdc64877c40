import type { ScimClient } from '../domo/scim/client';
import type { ScimUser } from '../domo/scim/schemas';
import { customAttributesOf } from '../domo/scim/custom-attributes';
import { userKey, type DesiredUserAttributes } from '../model/user-attributes';
import type { UserAttributesConstructFile } from '../model/manifest';
import { changeOperations, diffAttributes, describeChanges, type AttributeChange } from '../engine/planner/attributes';
import { mapLimit } from '../engine/pool';
import { failed, guard, type Outcome } from '../engine/outcome';

export interface RunOptions {
  readonly concurrency: number;
}

/** Makes every user of one shard carry exactly the desired managed keys. Idempotent. */
export async function reconcileShard(
  client: ScimClient,
  managedKeys: readonly string[],
  users: readonly DesiredUserAttributes[],
  options: RunOptions,
): Promise<Outcome[]> {
  return mapLimit(users, options.concurrency, (user) =>
    guard(user.userName, async () => {
      const live = await client.findUserByUserName(user.userName, { all: true });
      if (!live) return failed(user.userName, 'not found in Domo (create the user in Domo, or remove them from the dataset)');
      return converge(client, live, user.userName, user.attributes, managedKeys, 'updated');
    }),
  );
}

/**
 * Applies the removal policy to the users of an old shard instance that are desired nowhere in
 * the construct any more. Users who only moved to another shard are left alone (no flapping).
 */
export async function removeDeparted(
  client: ScimClient,
  manifest: UserAttributesConstructFile,
  oldUserNames: readonly string[],
  options: RunOptions & { readonly teardown: boolean },
): Promise<Outcome[]> {
  const desired = new Set<string>(options.teardown ? [] : manifest.desiredUsers);
  const departed = oldUserNames.filter((name) => !desired.has(userKey(name)));
  if (manifest.removalPolicy === 'retain') return departed.map((identity) => ({ identity, status: 'retained' }));
  const cleared = Object.fromEntries(manifest.managedKeys.map((k) => [k, [] as string[]]));
  return mapLimit(departed, options.concurrency, (userName) =>
    guard(userName, async () => {
      const live = await client.findUserByUserName(userName, { all: true });
      if (!live) return { identity: userName, status: 'absent' };
      return converge(client, live, userName, cleared, manifest.managedKeys, 'cleared');
    }),
  );
}

async function converge(
  client: ScimClient,
  live: ScimUser,
  userName: string,
  desired: Readonly<Record<string, readonly string[]>>,
  keys: readonly string[],
  status: 'updated' | 'cleared',
): Promise<Outcome> {
  const changes = diffAttributes(customAttributesOf(live), desired, keys);
  if (changes.length === 0) return { identity: userName, status: 'unchanged' };
  await client.patchUser(live.id, changeOperations(changes));
  // Domo may accept a write it does not keep (IdP-sourced keys): only a read-back proves it.
  const after = await client.getUser(live.id, { all: true });
  const remaining = diffAttributes(customAttributesOf(after), desired, keys);
  if (remaining.length > 0)
    return failed(userName, `Domo did not keep ${describeRemaining(remaining)} (is the key's value source IdP only?)`, changes);
  return { identity: userName, status, changes };
}

function describeRemaining(remaining: readonly AttributeChange[]): string {
  return describeChanges(remaining.map((c) => ({ key: c.key, from: c.to, to: c.from }))).replace(/ -> /g, ', it still has ');
}
