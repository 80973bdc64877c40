import type { ScimClient } from '../scim/client';
import { ScimError } from '../scim/errors';
import type { ScimUser } from '../scim/schemas';
import { customAttributesOf } from '../scim/custom-attributes';
import { userKey } from '../model/user-attributes';
import { describeRole, type NormalizedUser, type UserField } from '../model/users';
import type { UsersConstructFile } from '../model/users-manifest';
import { changeOperations, describeChanges, diffAttributes } from './attribute-diff';
import { diffFields, fieldOperations, newUserBody, type FieldChange } from './user-fields';
import { resolveUserIds } from './user-ids';
import { mapLimit } from './pool';
import type { Outcome } from './outcome';

export interface UsersRunOptions {
  readonly concurrency: number;
}

/**
 * Upserts every user of a shard: creates the missing ones, patches only differing fields and
 * custom attributes of the others, then reads back. Managers are resolved from userName to id
 * first; a manager missing in Domo fails that user only.
 */
export async function reconcileUsers(client: ScimClient, users: readonly NormalizedUser[], options: UsersRunOptions): Promise<Outcome[]> {
  const managers = [...new Set(users.map((u) => u.fields.manager).filter((m): m is string => !!m))];
  const managerIds = (await resolveUserIds(client, managers, options.concurrency)).ids;
  return mapLimit(users, options.concurrency, (user) =>
    guard(user.userName, async () => {
      const desired: Partial<Record<UserField, string>> = { ...user.fields };
      if (user.fields.manager) {
        const id = managerIds.get(userKey(user.fields.manager));
        if (!id) return failed(user.userName, `manager ${user.fields.manager} not found in Domo`);
        desired.manager = id;
      }
      const keys = Object.keys(user.customAttributes);
      const live = await client.findUserByUserName(user.userName, { all: true });
      if (!live) {
        const created = await client.createUser(newUserBody(user.userName, desired, user.customAttributes));
        return verify(client, created.id, user.userName, desired, user.customAttributes, keys, 'created', 'new user');
      }
      const fieldChanges = diffFields(live, desired);
      const attributeChanges = diffAttributes(customAttributesOf(live), user.customAttributes, keys);
      if (fieldChanges.length + attributeChanges.length === 0) return { identity: user.userName, status: 'unchanged' };
      await client.patchUser(live.id, [...fieldOperations(fieldChanges), ...changeOperations(attributeChanges)]);
      const detail = [describeFields(fieldChanges), describeChanges(attributeChanges)].filter(Boolean).join(', ');
      return verify(client, live.id, user.userName, desired, user.customAttributes, keys, 'updated', detail);
    }),
  );
}

/** Applies the removal policy to users of an old shard that are desired nowhere in the construct. */
export async function removeUsers(
  client: ScimClient,
  construct: UsersConstructFile,
  oldUserNames: readonly string[],
  options: UsersRunOptions & { readonly teardown: boolean },
): Promise<Outcome[]> {
  const desired = new Set(options.teardown ? [] : construct.desiredUsers);
  const departed = oldUserNames.filter((n) => !desired.has(userKey(n)));
  if (construct.removalPolicy === 'retain') return departed.map((identity) => ({ identity, status: 'retained' }));
  return mapLimit(departed, options.concurrency, (userName) =>
    guard(userName, async () => {
      const live = await client.findUserByUserName(userName);
      if (!live) return { identity: userName, status: 'absent' };
      try {
        await client.deleteUser(live.id);
      } catch (err) {
        // Domo refuses to delete owners of DataSets or DataFlows. Failing here would abort the
        // shard's replacement and block every other change in it until ownership moves, so the
        // user is kept, named with Domo's reason, and the deploy carries on.
        if (err instanceof ScimError && err.status !== undefined && err.status < 500 && err.status !== 429) {
          return { identity: userName, status: 'retained', detail: `NOT DELETED: ${err.detail ?? err.message}` };
        }
        throw err;
      }
      return { identity: userName, status: 'deleted', detail: `user ${live.id} deleted` };
    }),
  );
}

async function verify(
  client: ScimClient,
  id: string,
  userName: string,
  desired: Partial<Record<UserField, string>>,
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
    return failed(userName, `Domo did not keep ${kept} after the ${status === 'created' ? 'create' : 'update'} (is a key IdP-only, or a value invalid?)`);
  }
  return { identity: userName, status, detail };
}

function describeFields(changes: readonly FieldChange[]): string {
  const show = (c: FieldChange, v: string) => (v === '' ? '(none)' : c.field === 'role' ? describeRole(v) : JSON.stringify(v));
  return changes.map((c) => `${c.field} ${show(c, c.from)} -> ${show(c, c.to)}`).join(', ');
}

function failed(identity: string, error: string): Outcome {
  return { identity, status: 'failed', error };
}

async function guard(identity: string, run: () => Promise<Outcome>): Promise<Outcome> {
  try {
    return await run();
  } catch (err) {
    return failed(identity, (err as Error).message);
  }
}
