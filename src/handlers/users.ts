import type { ScimClient } from '../domo/scim/client';
import type { ScimUser } from '../domo/scim/schemas';
import { customAttributesOf } from '../domo/scim/custom-attributes';
import { userKey } from '../model/user-attributes';
import { describeRole, type NormalizedUser, type UserField } from '../model/users';
import { changeOperations, describeChanges, diffAttributes } from '../engine/planner/attributes';
import { diffFields, fieldOperations, newUserBody, type FieldChange } from '../engine/planner/user-fields';
import { resolveUserIds } from './user-ids';
import { mapLimit } from '../engine/pool';
import { failed, guard, type Outcome } from '../engine/outcome';

export interface UsersRunOptions {
  readonly concurrency: number;
}

type Fields = Partial<Record<UserField, string>>;

/** A user after the first phase: created, found, or already failed. */
type Upserted =
  | { readonly kind: 'failed'; readonly outcome: Outcome }
  | { readonly kind: 'created'; readonly user: NormalizedUser; readonly id: string; readonly managerSent: boolean }
  | { readonly kind: 'existing'; readonly user: NormalizedUser; readonly live: ScimUser };

/**
 * Upserts every user of a shard in two phases, so that a manager who is new in this deploy can
 * be assigned in this deploy:
 * 1. every user is looked up; a missing one is created (POST) with every field, the manager
 *    included only when Domo already has them;
 * 2. managers Domo did not have are resolved again: users of this shard created in phase 1, or
 *    managers who belong to another shard of the construct (`externalManagers`, their desired
 *    records from the same synth), which are created here if Domo still does not have them;
 *    then each user gets one PATCH with what differs (for a new user, only its manager) and a
 *    read-back.
 *
 * Why a shard may create another shard's user: Terraform runs shard instances in parallel and in
 * no promised order, so the manager's own shard may already have run, be running now, or start
 * only after this one ends (every parallelism slot may be taken by shards like this one).
 * Waiting for it could wait out a timeout for a shard that cannot start; leaving the manager unset
 * and having the manager's shard patch the reports afterwards writes users it does not own, and
 * if it fails in between, no later deploy finishes the job (its retry finds the manager existing).
 * Creating the manager here from the desired record settles it in this run, whatever the order.
 * Nothing is created twice: a POST only follows a lookup that found nobody, Domo refuses a second
 * user with the same userName, and a failed POST is followed by a lookup whose find (the other
 * shard won the race, or the POST took effect before failing) is adopted and patched like any
 * existing user. The manager's own shard then finds them and changes nothing, or only what it
 * owns (e.g. that manager's own manager).
 *
 * A manager neither in Domo nor anywhere in the construct fails that user before anything is
 * written for them.
 */
export async function reconcileUsers(
  client: ScimClient,
  users: readonly NormalizedUser[],
  options: UsersRunOptions,
  externalManagers: readonly NormalizedUser[] = [],
): Promise<Outcome[]> {
  const inShard = new Set(users.map((u) => userKey(u.userName)));
  const external = new Map(externalManagers.filter((m) => !inShard.has(userKey(m.userName))).map((m) => [userKey(m.userName), m]));
  const managers = unique(users.map((u) => u.fields.manager).filter((m): m is string => !!m));
  const ids = new Map((await resolveUserIds(client, managers, options.concurrency)).ids);
  /** Why a manager could not be resolved, for the reports' messages. */
  const unresolved = new Map<string, string>();

  const upserted = await mapLimit(users, options.concurrency, async (user): Promise<Upserted> => {
    const manager = user.fields.manager;
    if (manager && !ids.has(userKey(manager)) && !inShard.has(userKey(manager)) && !external.has(userKey(manager))) {
      unresolved.set(userKey(user.userName), `not created: their manager ${manager} is unknown`);
      return { kind: 'failed', outcome: failed(user.userName, `manager ${manager} not found in Domo (nor among this construct's users)`) };
    }
    try {
      const live = await client.findUserByUserName(user.userName, { all: true });
      if (live) {
        if (!ids.has(userKey(user.userName))) ids.set(userKey(user.userName), live.id);
        return { kind: 'existing', user, live };
      }
      const managerId = manager ? ids.get(userKey(manager)) : undefined;
      const result = await createOrAdopt(
        client,
        user.userName,
        newUserBody(user.userName, withManager(user.fields, managerId), user.customAttributes),
      );
      ids.set(userKey(user.userName), result.user.id);
      if (result.adopted) return { kind: 'existing', user, live: result.user };
      return { kind: 'created', user, id: result.user.id, managerSent: managerId !== undefined };
    } catch (err) {
      unresolved.set(userKey(user.userName), `creating them failed: ${(err as Error).message}`);
      return { kind: 'failed', outcome: failed(user.userName, (err as Error).message) };
    }
  });

  const missing = managers.filter((m) => !ids.has(userKey(m)) && external.has(userKey(m)));
  const createdManagers = await mapLimit(missing, options.concurrency, (name) =>
    createManager(client, external.get(userKey(name))!, users, ids, unresolved),
  );

  const outcomes = await mapLimit(upserted, options.concurrency, async (entry): Promise<Outcome> => {
    if (entry.kind === 'failed') return entry.outcome;
    const user = entry.user;
    return guard(user.userName, async () => {
      const desired: Fields = { ...user.fields };
      const manager = user.fields.manager;
      if (manager) {
        const id = ids.get(userKey(manager));
        if (!id)
          return failed(user.userName, `manager ${manager} not found in Domo (${unresolved.get(userKey(manager)) ?? 'not created'})`);
        desired.manager = id;
      }
      const keys = Object.keys(user.customAttributes);
      if (entry.kind === 'created') {
        if (manager && !entry.managerSent)
          await client.patchUser(entry.id, fieldOperations([{ field: 'manager', from: '', to: desired.manager! }]));
        return verify(client, entry.id, user.userName, desired, user.customAttributes, keys, 'created', 'new user');
      }
      const live = entry.live;
      const fieldChanges = diffFields(live, desired);
      const attributeChanges = diffAttributes(customAttributesOf(live), user.customAttributes, keys);
      if (fieldChanges.length + attributeChanges.length === 0) return { identity: user.userName, status: 'unchanged' };
      await client.patchUser(live.id, [...fieldOperations(fieldChanges), ...changeOperations(attributeChanges)]);
      const detail = [describeFields(fieldChanges), describeChanges(attributeChanges)].filter(Boolean).join(', ');
      return verify(client, live.id, user.userName, desired, user.customAttributes, keys, 'updated', detail);
    });
  });
  return [...outcomes, ...createdManagers.filter((o): o is Outcome => o !== undefined)];
}

/**
 * Creates a manager who belongs to another shard, unless Domo has them by now. Their own manager
 * is included when Domo has that one; otherwise it is left to the manager's own shard.
 * Returns an outcome only when this shard created (or failed to create) the manager.
 */
async function createManager(
  client: ScimClient,
  manager: NormalizedUser,
  reports: readonly NormalizedUser[],
  ids: Map<string, string>,
  unresolved: Map<string, string>,
): Promise<Outcome | undefined> {
  const key = userKey(manager.userName);
  const of = reports.filter((u) => u.fields.manager && userKey(u.fields.manager) === key).map((u) => u.userName);
  try {
    // Missing at the lookup before; if their own shard created them since, the POST fails and they are adopted.
    const boss = manager.fields.manager;
    const bossId = boss ? (ids.get(userKey(boss)) ?? (await lookUpId(client, boss, ids))) : undefined;
    const fields = withManager(manager.fields, bossId);
    const result = await createOrAdopt(client, manager.userName, newUserBody(manager.userName, fields, manager.customAttributes));
    ids.set(key, result.user.id);
    if (result.adopted) return undefined;
    const note = boss && !bossId ? `; their manager ${boss} is not in Domo yet and is left to their own shard` : '';
    return verify(
      client,
      result.user.id,
      manager.userName,
      fields,
      manager.customAttributes,
      Object.keys(manager.customAttributes),
      'created',
      `manager of ${of.join(', ')}, created ahead of their own shard${note}`,
    );
  } catch (err) {
    unresolved.set(key, `creating them failed: ${(err as Error).message}`);
    return failed(manager.userName, `could not be created as manager of ${of.join(', ')}: ${(err as Error).message}`);
  }
}

/** A user's id by userName, remembered in `ids` when found. */
async function lookUpId(client: ScimClient, userName: string, ids: Map<string, string>): Promise<string | undefined> {
  const id = (await client.findUserByUserName(userName))?.id;
  if (id !== undefined) ids.set(userKey(userName), id);
  return id;
}

/**
 * POSTs a new user. When the POST fails, a user found by userName afterwards is adopted instead:
 * another shard created them meanwhile (Domo refuses a second user with one userName), or the
 * POST took effect before it failed. Nobody found: the POST's error stands.
 */
async function createOrAdopt(
  client: ScimClient,
  userName: string,
  body: Parameters<ScimClient['createUser']>[0],
): Promise<{ user: ScimUser; adopted: boolean }> {
  try {
    return { user: await client.createUser(body), adopted: false };
  } catch (err) {
    const found = await client.findUserByUserName(userName, { all: true }).catch(() => undefined);
    if (found) return { user: found, adopted: true };
    throw err;
  }
}

/** The fields with the manager as a Domo id, or without the manager while it has none. */
function withManager(fields: Readonly<Record<string, string>>, managerId: string | undefined): Fields {
  const { manager, ...rest } = fields as Fields;
  return manager && managerId ? { ...rest, manager: managerId } : rest;
}

async function verify(
  client: ScimClient,
  id: string,
  userName: string,
  desired: Fields,
  custom: Readonly<Record<string, readonly string[]>>,
  keys: readonly string[],
  status: 'created' | 'updated',
  detail: string,
): Promise<Outcome> {
  const after: ScimUser = await client.getUser(id, { all: true });
  const fields = diffFields(after, desired);
  const attributes = diffAttributes(customAttributesOf(after), custom, keys);
  if (fields.length + attributes.length > 0) {
    const kept = [...fields.map((c) => c.field), ...attributes.map((c) => c.key)].join(', ');
    return failed(
      userName,
      `Domo did not keep ${kept} after the ${status === 'created' ? 'create' : 'update'} (is a key IdP-only, or a value invalid?)`,
    );
  }
  return { identity: userName, status, detail };
}

function describeFields(changes: readonly FieldChange[]): string {
  const show = (c: FieldChange, v: string) => (v === '' ? '(none)' : c.field === 'role' ? describeRole(v) : JSON.stringify(v));
  return changes.map((c) => `${c.field} ${show(c, c.from)} -> ${show(c, c.to)}`).join(', ');
}

function unique(names: readonly string[]): string[] {
  const byKey = new Map<string, string>();
  for (const name of names) if (!byKey.has(userKey(name))) byKey.set(userKey(name), name);
  return [...byKey.values()];
}
