import { customAttributeOperation, customAttributesOf } from '../../domo/scim/custom-attributes';
import type { ScimClient } from '../../domo/scim/client';
import { listResponseSchema, ScimUserSchema, type ScimUser } from '../../domo/scim/schemas';
import { probe, reasonOf, statusOf, type Outcome } from './outcome';
import type { DoctorCheck } from './report';

/** Users the write check may pick from: one page, so the doctor stays cheap on big instances. */
export const USERS_SAMPLED = 100;

export async function checkToken(scim: ScimClient): Promise<DoctorCheck> {
  const outcome = await probe(() => scim.request('GET', '/Users', { query: { count: '1' } }));
  const id = 'token';
  const status = statusOf(outcome);
  if (outcome.ok) return { id, status: 'pass', message: 'token accepted' };
  if (status === 401)
    return {
      id,
      status: 'fail',
      message:
        '401 from Domo: DOMO_SCIM_TOKEN is not accepted (set it to a valid Domo access token, and DOMO_SCIM_AUTH_SCHEME to how it is sent: bearer or developer-token)',
    };
  // Refused for lack of a grant, so the token itself was accepted: grant:users-read says the rest.
  if (status === 403) return { id, status: 'pass', message: 'token accepted (but listing users was refused: see grant:users-read)' };
  return { id, status: 'fail', message: `cannot check the token: ${reasonOf(outcome)}` };
}

export async function readUsers(scim: ScimClient): Promise<Outcome<{ users: ScimUser[]; total?: number }>> {
  return probe(async () => {
    const query = { startIndex: '1', count: String(USERS_SAMPLED), attributes: '_all' };
    const { body } = await scim.request('GET', '/Users', { query, schema: listResponseSchema(ScimUserSchema) });
    return { users: body?.Resources ?? [], total: body?.totalResults };
  });
}

export function usersReadCheck(outcome: Outcome<{ users: ScimUser[]; total?: number }>): DoctorCheck {
  const id = 'grant:users-read';
  if (outcome.ok) {
    const total = outcome.value.total ?? outcome.value.users.length;
    return { id, status: 'pass', message: `listing users works (${total} user${total === 1 ? '' : 's'})` };
  }
  if (statusOf(outcome) === 403)
    return { id, status: 'fail', message: "listing users was refused (403): the token's owner needs the grant Manage All Users" };
  return { id, status: 'fail', message: `listing users failed: ${reasonOf(outcome)}` };
}

/**
 * Proves the Manage All Users grant by effect without changing any data: rewrites one user's
 * value of a managed key with the value it already has. `candidates` are the managed keys
 * defined in Domo, in order of preference.
 */
export async function checkUsersWrite(
  scim: ScimClient,
  users: readonly ScimUser[],
  managedKeys: readonly string[],
  candidates: readonly string[],
): Promise<DoctorCheck> {
  const id = 'grant:users-write';
  if (managedKeys.length === 0) {
    return {
      id,
      status: 'skip',
      message:
        'no managed key is known, so there is no value to rewrite harmlessly: pass --keys, or synthesize the project (cdktf synth) first',
    };
  }
  if (candidates.length === 0)
    return { id, status: 'skip', message: `none of the managed keys (${managedKeys.join(', ')}) is defined in Domo: see the key checks` };
  const target = firstValue(users, candidates);
  if (!target) {
    return {
      id,
      status: 'skip',
      message: `none of the first ${USERS_SAMPLED} users has a value for ${candidates.join(', ')}: there is no value to rewrite harmlessly`,
    };
  }
  const outcome = await probe(() => scim.patchUser(target.userId, [customAttributeOperation(target.key, target.values)]));
  if (outcome.ok)
    return { id, status: 'pass', message: `writing users works (rewrote ${target.key} of user ${target.userId} with its current value)` };
  if (statusOf(outcome) === 403)
    return { id, status: 'fail', message: "writing users was refused (403): the token's owner needs the grant Manage All Users" };
  return { id, status: 'fail', message: `writing users failed: ${reasonOf(outcome)}` };
}

function firstValue(users: readonly ScimUser[], keys: readonly string[]): { userId: string; key: string; values: string[] } | undefined {
  for (const key of keys) {
    for (const user of users) {
      const values = customAttributesOf(user)[key] ?? [];
      if (values.length > 0) return { userId: user.id, key, values };
    }
  }
  return undefined;
}

export async function checkGroups(scim: ScimClient): Promise<DoctorCheck> {
  const id = 'grant:groups';
  const outcome = await probe(() => scim.request('GET', '/Groups', { query: { count: '1' } }));
  if (outcome.ok) return { id, status: 'pass', message: 'listing groups works' };
  if (statusOf(outcome) === 403) {
    return {
      id,
      status: 'fail',
      message:
        "listing groups was refused (403): the token's owner needs the grant Manage All Groups (and, to manage directory groups, must be the user set in Admin > Governance > Groups > Group Settings)",
    };
  }
  return { id, status: 'fail', message: `listing groups failed: ${reasonOf(outcome)}` };
}
