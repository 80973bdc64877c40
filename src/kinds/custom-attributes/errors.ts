import { ConfigError } from '../../errors';

export function invalidAttributeKey(construct: string, problem: string): ConfigError {
  return new ConfigError(`${construct}: definition key ${problem}.`);
}

export function duplicateAttributeKey(construct: string, key: string): ConfigError {
  return new ConfigError(`${construct}: attribute key ${JSON.stringify(key)} is defined twice.`);
}

export function emptyAttributeTitle(construct: string, key: string): ConfigError {
  return new ConfigError(`${construct}: attribute ${JSON.stringify(key)} has an empty title.`);
}
