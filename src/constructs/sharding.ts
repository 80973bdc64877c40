import { createHash } from 'node:crypto';
import { userKey } from '../model/identity';
import { terraformJsonEncode } from '../model/terraform-json';
import * as errors from './errors';

/** What a shard strategy may look at: the user and their custom attributes. */
export interface ShardableUser {
  readonly userName: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
}

/**
 * Bytes one instance's removal step may receive as its argument. Linux refuses a single argument
 * of 128 KiB (131,072 bytes with its terminating NUL); the margin covers what Terraform's
 * encoding may write longer than ours (control characters, which no userName holds).
 */
export const SHARD_ARGUMENT_BUDGET = 120_000;

/** The most sub-shards one shard is split into before synth refuses it. */
const MAX_SPLIT = 4096;

/**
 * The exact size of a user shard's removal argument: Terraform's `jsonencode` of
 * `{userName: 12-hex digest}` (model/triggers.ts userDigestsOfTriggers), with its escapes of
 * `<`, `>`, `&`, quotes and backslashes, and non-ASCII as UTF-8.
 */
export function removalArgumentBytes(userNames: readonly string[]): number {
  return Buffer.byteLength(terraformJsonEncode(Object.fromEntries(userNames.map((u) => [u, '0'.repeat(12)]))));
}

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

/**
 * Groups items into shards, refusing empty shard keys. A shard whose removal argument would pass
 * the budget is split into sub-shards by a hash of the userName: the first keeps the shard's
 * name, the others are `<shard>~2`, `<shard>~3`, … (2, 4, 8, … parts, the fewest that fit). The
 * same users always give the same sub-shards, and no instance is ever created whose removal
 * could not run.
 */
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
  const result: Record<string, T[]> = {};
  for (const [shard, members] of Object.entries(shards)) {
    for (const [name, part] of splitShard(construct, shard, members, (m) => user(m).userName)) {
      if (name !== shard && name in shards) throw errors.subShardTaken(construct, shard, name);
      result[name] = part;
    }
  }
  return result;
}

function splitShard<T>(construct: string, shard: string, members: T[], userName: (item: T) => string): Array<[string, T[]]> {
  const bytes = (part: readonly T[]) => removalArgumentBytes(part.map(userName));
  const whole = bytes(members);
  if (whole <= SHARD_ARGUMENT_BUDGET) return [[shard, members]];
  // Another part of the digest than hashBuckets' bucket, so users of one bucket still spread.
  const hashes = members.map((m) =>
    createHash('sha256')
      .update(userKey(userName(m)))
      .digest()
      .readUInt32BE(4),
  );
  for (let count = 2; count <= MAX_SPLIT; count *= 2) {
    const parts: T[][] = Array.from({ length: count }, () => []);
    members.forEach((m, i) => parts[hashes[i]! % count]!.push(m));
    if (parts.every((p) => bytes(p) <= SHARD_ARGUMENT_BUDGET)) {
      return parts.flatMap((p, i): Array<[string, T[]]> => (p.length === 0 ? [] : [[i === 0 ? shard : `${shard}~${i + 1}`, p]]));
    }
  }
  throw errors.shardTooLarge(construct, shard, members.length, whole, SHARD_ARGUMENT_BUDGET);
}
