import { userKey } from '../../model/user-attributes';

/** userKey -> the Terraform instance (shard) key holding that user. */
export function shardIndex(shards: readonly { shard: string; users: readonly { userName: string }[] }[]): Map<string, string> {
  return new Map(shards.flatMap((s) => s.users.map((u) => [userKey(u.userName), s.shard] as const)));
}
