import { createHash } from 'node:crypto';
import { userKey } from '../model/identity';
import * as errors from './errors';

/** What a shard strategy may look at: the user and their custom attributes. */
export interface ShardableUser {
  readonly userName: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/** Bytes of JSON-encoded userNames one shard may hand to its removal handler (argv is capped at 128 KiB). */
export const SHARD_ARGUMENT_BUDGET = 100_000;

/**
 * How users are grouped into Terraform instances. Terraform slows down super-linearly with the
 * number of instances, so users share instances; a shard's trigger map still names every user
 * and key, so the plan stays exact. A shard's name is part of its Terraform address: keep the
 * strategy stable, or every user moves (harmless for Domo, but a noisy plan).
 */
export abstract class Sharding {
  /** Stable hash buckets of the lower-cased userName. @default 64 buckets */
  static hashBuckets(count = 64): Sharding {
    return new HashBuckets(count);
  }

  /** One shard per value of a managed attribute (e.g. franchise); users without it share "(none)". */
  static byAttribute(key: string): Sharding {
    return new ByFunction((user) => user.attributes[key]?.[0] ?? '(none)');
  }

  /** A caller-supplied shard key. */
  static by(shardOf: (user: ShardableUser) => string): Sharding {
    return new ByFunction(shardOf);
  }

  abstract shardOf(user: ShardableUser): string;
  /** Throws a readable error when the strategy's own settings are invalid. */
  abstract validate(fail: (count: number) => Error): void;
}

class HashBuckets extends Sharding {
  private readonly width: number;
  constructor(private readonly count: number) {
    super();
    this.width = String(Math.max(0, count - 1)).length;
  }
  shardOf(user: ShardableUser): string {
    const bucket = createHash('sha256').update(userKey(user.userName)).digest().readUInt32BE(0) % this.count;
    return String(bucket).padStart(this.width, '0');
  }
  validate(fail: (count: number) => Error): void {
    if (!Number.isInteger(this.count) || this.count < 1 || this.count > 4096) throw fail(this.count);
  }
}

class ByFunction extends Sharding {
  constructor(private readonly fn: (user: ShardableUser) => string) {
    super();
  }
  shardOf(user: ShardableUser): string {
    return this.fn(user);
  }
  validate(): void {}
}

/** Groups items into shards, refusing shard keys that are empty and shards too large for argv. */
export function assignShards<T>(
  construct: string,
  items: readonly T[],
  user: (item: T) => ShardableUser,
  sharding: Sharding,
): Record<string, T[]> {
  sharding.validate((count) => errors.invalidShardCount(construct, count));
  const shards: Record<string, T[]> = {};
  for (const item of items) {
    const shard = sharding.shardOf(user(item));
    if (typeof shard !== 'string' || shard.length === 0) throw errors.invalidShardKey(construct, user(item).userName, String(shard));
    (shards[shard] ??= []).push(item);
  }
  for (const [shard, members] of Object.entries(shards)) {
    const bytes = Buffer.byteLength(JSON.stringify(members.map((m) => user(m).userName)));
    if (bytes > SHARD_ARGUMENT_BUDGET) throw errors.shardTooLarge(construct, shard, members.length, bytes, SHARD_ARGUMENT_BUDGET);
  }
  return shards;
}
