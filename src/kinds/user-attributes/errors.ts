import { ConfigError } from '../../errors';

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

export function emptyValue(construct: string, userName: string, key: string): ConfigError {
  return new ConfigError(
    `${construct}: user ${JSON.stringify(userName)} has an empty value in ${JSON.stringify(key)}; leave the list empty to clear the attribute.`,
  );
}
