import { createHash } from 'node:crypto';
import type { DesiredUserAttributes } from '../model/user-attributes';
import { userKey } from '../model/user-attributes';

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
  static by(shardOf: (user: DesiredUserAttributes) => string): Sharding {
    return new ByFunction(shardOf);
  }

  abstract shardOf(user: DesiredUserAttributes): string;
  /** Throws a readable error when the strategy's own settings are invalid. */
  abstract validate(fail: (count: number) => Error): void;
}

class HashBuckets extends Sharding {
  private readonly width: number;
  constructor(private readonly count: number) {
    super();
    this.width = String(Math.max(0, count - 1)).length;
  }
  shardOf(user: DesiredUserAttributes): string {
    const bucket = createHash('sha256').update(userKey(user.userName)).digest().readUInt32BE(0) % this.count;
    return String(bucket).padStart(this.width, '0');
  }
  validate(fail: (count: number) => Error): void {
    if (!Number.isInteger(this.count) || this.count < 1 || this.count > 4096) throw fail(this.count);
  }
}

class ByFunction extends Sharding {
  constructor(private readonly fn: (user: DesiredUserAttributes) => string) {
    super();
  }
  shardOf(user: DesiredUserAttributes): string {
    return this.fn(user);
  }
  validate(): void {}
}
