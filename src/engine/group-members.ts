import { DEFAULT_MEMBER_BATCH_SIZE, memberOperations } from '../domo/scim/group-operations';
import type { ScimGroup } from '../domo/scim/schemas';
import { DOMO_GROUP } from '../domo/scim/urns';
import type { DesiredGroup } from '../model/directory-groups';
import { userKey } from '../model/identity';
import type { Domain } from './context';
import { createOnce } from './create-once';
import { MissingUserError } from './people';
import { mapLimit } from './pool';

export interface ResolvedMembers {
  /** Domo user ids of the members that exist (or were just created from the stack's DomoUsers records). */
  readonly ids: string[];
  /** Members neither in Domo nor creatable, with why. */
  readonly missing: { userName: string; reason: string }[];
  /** Domo user id -> userName, for reports. */
  readonly names: Map<string, string>;
}

/** A group's members as Domo user ids; missing users are created first when this stack manages them (DomoUsers). */
export async function resolveMembers(domain: Domain, members: readonly string[], concurrency: number): Promise<ResolvedMembers> {
  const found = await domain.users.find(members);
  const ids: string[] = [];
  const names = new Map<string, string>();
  const missing: { userName: string; reason: string }[] = [];
  await mapLimit(members, concurrency, async (member) => {
    try {
      const user = await domain.people.ensure(member, found.get(userKey(member)));
      ids.push(user.id);
      names.set(user.id, member);
    } catch (e) {
      if (!(e instanceof MissingUserError)) throw e;
      missing.push({ userName: member, reason: e.message.replace('or remove them from the dataset', 'or remove them from the group') });
    }
  });
  return { ids, missing, names };
}

/**
 * Creates a group with its fields and members: inline in the POST up to one batch, else in PATCH
 * batches after it. A POST that failed where Domo may have created the group anyway is followed
 * by a lookup (createOnce): a group found is adopted (`adopted`, not converged here).
 */
export async function postGroup(
  domain: Domain,
  group: DesiredGroup,
  memberIds: readonly string[],
): Promise<{ value: ScimGroup; adopted: boolean }> {
  const inline = memberIds.length <= DEFAULT_MEMBER_BATCH_SIZE;
  const body = {
    displayName: group.displayName,
    [DOMO_GROUP]: {
      ...(group.domoDisplayName !== undefined ? { domoDisplayName: group.domoDisplayName } : {}),
      ...(group.description !== undefined ? { description: group.description } : {}),
    },
    ...(inline ? { members: memberIds.map((value) => ({ value })) } : {}),
  };
  const created = await createOnce(
    () => domain.scim.createGroup(body),
    () => domain.scim.findGroupByDisplayName(group.displayName),
  );
  if (!created.adopted && !inline)
    for (const batch of memberOperations([...memberIds], [])) await domain.scim.patchGroup(created.value.id, batch);
  return created;
}
