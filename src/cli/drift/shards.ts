import { userKey } from '../../model/identity';

interface Shard<U> {
  readonly shard: string;
  readonly users: readonly U[];
}

/** A sharded construct's users as drift compares them: all of them, and userKey -> the instance (shard) key holding each. */
export function shardedUsers<U extends { readonly userName: string }>(
  shards: readonly Shard<U>[],
): { users: U[]; instanceOf: Map<string, string> } {
  return {
    users: shards.flatMap((s) => s.users),
    instanceOf: new Map(shards.flatMap((s) => s.users.map((u) => [userKey(u.userName), s.shard] as const))),
  };
}
