import { ConfigError } from '../../errors';

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
