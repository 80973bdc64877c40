import { z } from 'zod';
import { ConfigError } from '../errors';

/*
 * How environment variables are validated: every entry point (the cdktf app, each command, the
 * deploy engine) declares a zod schema from the variables of src/config (here, app-env.ts,
 * public-api-env.ts) and parses it with parseEnv, so every problem is listed at once, each naming
 * its variable, in one format. Read as they are, on purpose: DOMO_IDENTITY_CDK (src/cdk.ts, before
 * any module of the CDK loads), TERRAFORM_BINARY_NAME and PG_CONN_STR (handed to Terraform, which
 * checks them), and the developer-token pair of dataset reads (src/sources/domo-dataset.ts, which
 * picks one of two credential sets and names the missing half).
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
