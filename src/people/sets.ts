import { userKey } from '../model/identity';
import { sameValues } from '../engine/planner/attributes';
import { valuesOfRendered } from '../model/triggers';

/** A sharded construct's users as drift compares them: all of them, and userKey -> the instance (shard) key holding each. */
export function shardedUsers<U extends { readonly userName: string }>(
  shards: ReadonlyArray<{ readonly shard: string; readonly users: readonly U[] }>,
): { users: U[]; instanceOf: Map<string, string> } {
  return {
    users: shards.flatMap((s) => s.users),
    instanceOf: new Map(shards.flatMap((s) => s.users.map((u) => [userKey(u.userName), s.shard] as const))),
  };
}

/** Whether a deployed trigger value (a rendered value list) is what Domo holds now. */
export function deployedValuesAre(deployed: string | undefined, live: readonly string[]): boolean {
  return deployed !== undefined && sameValues(valuesOfRendered(deployed), live);
}
