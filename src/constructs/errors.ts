import { ConfigError } from '../errors';

/**
 * The errors every construct kind shares (userNames, shards, governance), each saying what is wrong, the bad value and the fix.
 * userName and attribute-key problems come from the identity rules (src/model/identity.ts): a
 * `problem` names the value, what is wrong with it and how to write it.
 */

export function duplicateUser(construct: string, first: string, second: string): ConfigError {
  return new ConfigError(
    `${construct}: users ${JSON.stringify(first)} and ${JSON.stringify(second)} are the same Domo user (userName matches case-insensitively). Keep one.`,
  );
}

export function invalidUserName(construct: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: userName ${problem}.`);
}

export function invalidShardCount(construct: string, count: number): ConfigError {
  return new ConfigError(`${construct}: Sharding.hashBuckets(${count}) needs a whole number from 1 to 4096.`);
}

export function invalidShardKey(construct: string, userName: string, shard: string): ConfigError {
  return new ConfigError(
    `${construct}: the shard key for user ${JSON.stringify(userName)} is ${JSON.stringify(shard)}; shard keys must be non-empty strings.`,
  );
}

export function shardTooLarge(construct: string, shard: string, users: number, bytes: number, limit: number): ConfigError {
  return new ConfigError(
    `${construct}: shard ${JSON.stringify(shard)} holds ${users} users: its removal step's argument (Terraform's jsonencode of ` +
      `each userName and its digest) would be ${bytes} bytes, over the ${limit}-byte budget that keeps it under Linux's 128 KiB ` +
      `argument limit, and no split into sub-shards fits. Use more shards (Sharding.hashBuckets(n) with a larger n, or a finer shard key).`,
  );
}

export function subShardTaken(construct: string, shard: string, name: string): ConfigError {
  return new ConfigError(
    `${construct}: shard ${JSON.stringify(shard)} is too large for one instance's removal step and is split into sub-shards, ` +
      `but the sub-shard name ${JSON.stringify(name)} is already a shard of the strategy. Use shard keys without "~<number>", ` +
      `or more shards (Sharding.hashBuckets(n) with a larger n, or a finer shard key).`,
  );
}

export function invalidGovernedKey(construct: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: declared key ${problem}.`);
}
