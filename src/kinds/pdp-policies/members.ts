import type { Domain } from '../../engine/context';
import { MissingUserError } from '../../engine/people';
import type { PolicyMemberIds } from './planner';
import { mapLimit } from '../../engine/pool';
import { userKey, groupKey } from '../../model/identity';
import type { DesiredPdpPolicy } from './model';

export interface Members {
  readonly ids: PolicyMemberIds;
  /** Why a policy cannot be written (a member that could not be created), empty when it can. */
  failures(policy: DesiredPdpPolicy): string[];
  /** userName or displayName of a member id, for reports. */
  readonly names: { readonly users: ReadonlyMap<number, string>; readonly groups: ReadonlyMap<number, string> };
}

/** Domo ids of every member; users and groups Domo lacks are created from the stack's records first (once per deploy). */
export async function ensureMembers(domain: Domain, policies: readonly DesiredPdpPolicy[], concurrency: number): Promise<Members> {
  const userIds = new Map<string, number>();
  const groupIds = new Map<string, number>();
  const userNames = new Map<number, string>();
  const groupNames = new Map<number, string>();
  const failed = new Map<string, string>();
  const distinct = (names: readonly string[], key: (s: string) => string) => [...new Map(names.map((n) => [key(n), n])).values()];
  const users = distinct(
    policies.flatMap((p) => p.users),
    userKey,
  );
  const found = await domain.users.find(users);
  await mapLimit(users, concurrency, async (u) => {
    try {
      const id = domoId((await domain.people.ensure(u, found.get(userKey(u)))).id);
      userIds.set(userKey(u), id);
      userNames.set(id, u);
    } catch (e) {
      if (!(e instanceof MissingUserError)) throw e;
      failed.set(`u:${userKey(u)}`, `user ${JSON.stringify(u)}: ${e.message}`);
    }
  });
  const groups = distinct(
    policies.flatMap((p) => p.groups),
    groupKey,
  );
  await mapLimit(groups, concurrency, async (g) => {
    const { record, by } = domain.groups.recordOf(g);
    try {
      const { group } = await domain.groups.ensure(g, async () => {
        if (!record) throw new Error('not found in Domo');
        return record.create(domain);
      });
      const id = domoId(group.id);
      groupIds.set(groupKey(g), id);
      groupNames.set(id, g);
    } catch (e) {
      failed.set(`g:${groupKey(g)}`, `group ${JSON.stringify(g)}: creating it (${by}) failed: ${(e as Error).message}`);
    }
  });
  return {
    ids: { users: userIds, groups: groupIds },
    names: { users: userNames, groups: groupNames },
    failures: (policy) => [
      ...policy.users.flatMap((u) => failed.get(`u:${userKey(u)}`) ?? []),
      ...policy.groups.flatMap((g) => failed.get(`g:${groupKey(g)}`) ?? []),
    ],
  };
}

function domoId(id: string): number {
  if (!/^\d+$/.test(id)) throw new Error(`Domo id ${JSON.stringify(id)} is not a number, as PDP policies need`);
  return Number(id);
}
