import { userKey } from '../model/identity';
import type { Domain } from './context';
import { MissingUserError } from './people';
import { mapLimit } from './pool';

export interface ResolvedMembers {
  /** Domo user ids of the members that exist (or were just created from the stack's records of them). */
  readonly ids: string[];
  /** Members neither in Domo nor creatable, with why. */
  readonly missing: { userName: string; reason: string }[];
  /** Domo user id -> userName, for reports. */
  readonly names: Map<string, string>;
}

/** A group's members as Domo user ids; missing users are created first when a construct of this stack creates them. */
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
