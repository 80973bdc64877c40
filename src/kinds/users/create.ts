import type { ScimUser } from '../../domo/scim/schemas';
import type { NormalizedUser } from './model';
import type { Domain } from '../../engine/context';
import { createOnce } from '../../engine/create-once';
import type { Creatable } from '../../engine/kind';
import { describeChanges } from '../../engine/planner/attributes';
import { newUserBody, userFields } from './fields';
import { planUser, type DesiredUserState } from '../../engine/planner/user';

/** A user of the stack, created wherever the deploy first needs them (their own shard, a group, a policy, as a manager). */
export function userCreator(user: NormalizedUser, constructPath: string): Creatable<ScimUser> {
  return { constructPath, create: (domain) => createUser(domain, user) };
}

/**
 * POSTs the user with every desired field (a custom role resolved to its id, the manager when
 * Domo has them), then reads them back and PATCHes what Domo did not keep from the POST.
 */
async function createUser(domain: Domain, user: NormalizedUser): Promise<ScimUser> {
  const managerId = user.fields.manager ? domain.users.get(user.fields.manager)?.id : undefined;
  const { manager: _manager, ...fields } = await domain.roles.resolve(user.fields);
  const withManager = managerId ? { ...fields, manager: managerId } : fields;
  const body = newUserBody(user.userName, withManager, user.customAttributes);
  const { value: posted } = await createOnce(
    () => domain.scim.createUser(body),
    () => domain.scim.findUserByUserName(user.userName, { all: true }),
  );
  domain.users.remember(posted);
  const desired: DesiredUserState = {
    fields: userFields(withManager),
    attributes: user.customAttributes,
    keys: Object.keys(user.customAttributes),
  };
  return converge(domain, posted, desired);
}

/** Reads the new user back and PATCHes what Domo did not keep from the POST, then verifies. */
async function converge(domain: Domain, posted: ScimUser, desired: DesiredUserState): Promise<ScimUser> {
  let current = (await domain.readBack.read([posted])).get(posted.id);
  if (!current) throw new Error(`Domo answered the create with user ${posted.id} but has no such user`);
  const plan = planUser(current, desired);
  if (plan.operations.length === 0) return current;
  await domain.scim.patchUser(current.id, plan.operations);
  current = (await domain.readBack.read([current])).get(current.id);
  const left = current ? planUser(current, desired) : plan;
  if (!current || left.operations.length > 0) {
    const what = [...left.fields.map((c) => c.field), ...(left.attributes.length > 0 ? [describeChanges(left.attributes)] : [])];
    throw new Error(`Domo did not keep ${what.join(', ')} after the create and a PATCH of what it dropped`);
  }
  return current;
}
