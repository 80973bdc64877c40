import { ConfigError } from '../../errors';

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
