import { z } from 'zod';
import { ConfigError } from '../errors';

/** DOMO_SCIM_TOKEN as the commands read it: required, trimmed; its value never appears in a message. */
export const ScimTokenVariable = z.string({ error: 'is not set (the Domo access token)' }).trim().min(1, 'is empty');

/** The auth header the token is sent in. */
export const AuthSchemeVariable = z.enum(['bearer', 'developer-token']).default('bearer');

/** Validates a command's environment once, listing every problem with its variable; `command` prefixes the message. */
export function parseCommandEnv<T extends z.ZodType>(command: string | undefined, schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
  throw new ConfigError(`${command ? `${command}: ` : ''}the environment is incomplete:\n${problems.join('\n')}`);
}
