import { ConfigError } from '../errors';

// Re-exported so that every construct reads every construct error as `errors.*`.
export * from './policy-errors';

/**
 * Every construct error but the PDP policies' (policy-errors.ts), each saying what is wrong, the bad value and the fix.
 * userName and attribute-key problems come from the identity rules (src/model/identity.ts): a
 * `problem` names the value, what is wrong with it and how to write it.
 */

export function handlerBundleMissing(where: string): ConfigError {
  return new ConfigError(`The lifecycle handler bundle was not found at ${where}. Run "npm run build" first.`);
}

export function noManagedKeys(construct: string): ConfigError {
  return new ConfigError(
    `${construct}: managedKeys is empty. List the custom attribute keys this construct owns; keys not listed are never touched.`,
  );
}

export function invalidManagedKey(construct: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: managed key ${problem}.`);
}

export function duplicateManagedKey(construct: string, key: string): ConfigError {
  return new ConfigError(`${construct}: managed key ${JSON.stringify(key)} is listed twice.`);
}

export function unmanagedKeyInUser(construct: string, userName: string, key: string, managed: readonly string[]): ConfigError {
  return new ConfigError(
    `${construct}: user ${JSON.stringify(userName)} has attribute ${JSON.stringify(key)}, which is not a managed key ` +
      `(${managed.join(', ')}). Add it to managedKeys or drop it from the data.`,
  );
}

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
    `${construct}: shard ${JSON.stringify(shard)} holds ${users} users (${bytes} bytes of user names), over the ${limit}-byte ` +
      `budget that keeps its removal handler's arguments under Linux's 128 KiB limit. Use more shards ` +
      `(Sharding.hashBuckets(n) with a larger n, or a finer shard key).`,
  );
}

export function emptyValue(construct: string, userName: string, key: string): ConfigError {
  return new ConfigError(
    `${construct}: user ${JSON.stringify(userName)} has an empty value in ${JSON.stringify(key)}; leave the list empty to clear the attribute.`,
  );
}

export function emptyGroupName(construct: string, index: number): ConfigError {
  return new ConfigError(`${construct}: group #${index + 1} has an empty displayName; every directory group needs a name.`);
}

export function duplicateGroup(construct: string, first: string, second: string): ConfigError {
  return new ConfigError(
    `${construct}: groups ${JSON.stringify(first)} and ${JSON.stringify(second)} are the same directory group (displayName matches case-insensitively). Keep one.`,
  );
}

export function emptyGroupField(construct: string, group: string, field: string): ConfigError {
  return new ConfigError(`${construct}: group ${JSON.stringify(group)} has an empty ${field}; leave it out to keep Domo's value.`);
}

export function emptyMember(construct: string, group: string, position: number): ConfigError {
  return new ConfigError(
    `${construct}: group ${JSON.stringify(group)} has an empty member (#${position + 1} of its members); remove it or give the userName.`,
  );
}

export function invalidMember(construct: string, group: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: group ${JSON.stringify(group)}: member ${problem}.`);
}

export function duplicateMember(construct: string, group: string, first: string, second: string): ConfigError {
  return new ConfigError(
    `${construct}: group ${JSON.stringify(group)} lists member ${JSON.stringify(second)} twice` +
      (first === second ? '.' : ` (as ${JSON.stringify(first)} too; userNames match case-insensitively).`),
  );
}

export function unknownMember(construct: string, group: string, member: string): ConfigError {
  return new ConfigError(
    `${construct}: group ${JSON.stringify(group)} has member ${JSON.stringify(member)}, who is not in the user list (knownUsers). Add the user to the dataset or drop the member.`,
  );
}

export function unreadableDate(construct: string, userName: string, value: string): ConfigError {
  return new ConfigError(
    `${construct}: user ${JSON.stringify(userName)} has hireDate ${JSON.stringify(value)}, which is not a date (use YYYY-MM-DD, an ISO date-time, or M/D/YYYY).`,
  );
}

export function requiredFieldEmpty(construct: string, userName: string, field: string): ConfigError {
  return new ConfigError(
    `${construct}: user ${JSON.stringify(userName)} has an empty ${field}; Domo requires one. Leave it out to keep Domo's value.`,
  );
}

export function invalidRole(construct: string, userName: string, role: unknown): ConfigError {
  return new ConfigError(
    `${construct}: user ${JSON.stringify(userName)} has role ${JSON.stringify(role)}; use Admin, Privileged, Editor, Participant, Social, or a custom role's numeric id or name.`,
  );
}

export function invalidManager(construct: string, userName: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: user ${JSON.stringify(userName)}: manager ${problem}.`);
}

export function invalidUserField(construct: string, userName: unknown, field: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: user ${JSON.stringify(userName)} has an invalid ${field || 'entry'}: ${problem}.`);
}

export function selfManager(construct: string, userName: string): ConfigError {
  return new ConfigError(`${construct}: user ${JSON.stringify(userName)} is their own manager.`);
}

export function invalidCustomKey(construct: string, userName: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: user ${JSON.stringify(userName)}: custom attribute key ${problem}.`);
}

export function invalidAttributeKey(construct: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: definition key ${problem}.`);
}

export function invalidGovernedKey(construct: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: declared key ${problem}.`);
}

export function duplicateAttributeKey(construct: string, key: string): ConfigError {
  return new ConfigError(`${construct}: attribute key ${JSON.stringify(key)} is defined twice.`);
}

export function emptyAttributeTitle(construct: string, key: string): ConfigError {
  return new ConfigError(`${construct}: attribute ${JSON.stringify(key)} has an empty title.`);
}
