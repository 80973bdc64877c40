import { DEFAULT_MEMBER_BATCH_SIZE, memberOperations } from '../../domo/scim/group-operations';
import { DOMO_GROUP } from '../../domo/scim/urns';
import type { DesiredGroup } from './model';
import type { Domain } from '../../engine/context';
import { createOnce } from '../../engine/create-once';
import { resolveMembers } from '../../engine/group-members';
import type { Creatable, CreatedGroup } from '../../engine/kind';

/**
 * Creates a group with its fields and members: inline in the POST up to one batch, else in PATCH
 * batches after it. A POST that failed where Domo may have created the group anyway is followed
 * by a lookup (createOnce): a group found is adopted (`adopted`, not converged here).
 */
export async function postGroup(domain: Domain, group: DesiredGroup, memberIds: readonly string[]): Promise<CreatedGroup> {
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

/** A group of the stack, created with the members Domo has (or creates) wherever the deploy first needs it. */
export function groupCreator(group: DesiredGroup, constructPath: string): Creatable<CreatedGroup> {
  return {
    constructPath,
    async create(domain) {
      const resolved = await resolveMembers(domain, group.members, domain.concurrency);
      return postGroup(domain, group, resolved.ids);
    },
  };
}
