import { z } from 'zod';
import { ConfigError } from '../errors';

/*
 * The one place environment variables are validated: every entry point (the cdktf app, each
 * command, the deploy engine) declares its schema from the variables below and parses it with
 * parseEnv, so every problem is listed at once, each naming its variable, in one format.
 */

/** DOMO_SCIM_TOKEN: required, trimmed; its value never appears in a message. */
export const ScimTokenVariable = z.string({ error: 'is not set (the Domo access token)' }).trim().min(1, 'is empty');

/** The auth header the token is sent in. */
export const AuthSchemeVariable = z.enum(['bearer', 'developer-token']).default('bearer');

/** Validates an environment once, listing every problem with its variable; `who` (a command, the app, the engine) prefixes the message. */
export function parseEnv<T extends z.ZodType>(who: string | undefined, schema: T, env: NodeJS.ProcessEnv): z.infer<T> {
  const parsed = schema.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
  throw new ConfigError(`${who ? `${who}: ` : ''}the environment is incomplete:\n${problems.join('\n')}`);
}
