import { z } from 'zod';
import { AuthSchemeVariable, parseEnv } from './command-env';
import { SCIM_ROOT_PATH } from '../domo/scim/urns';

/** The port the local SCIM service (domo-scim-emulator) listens on by default; a test keeps the two equal. */
export const LOCAL_SCIM_PORT = 8765;

/** The local SCIM service's address when nothing else is configured. */
export const LOCAL_SCIM_URL = `http://127.0.0.1:${LOCAL_SCIM_PORT}${SCIM_ROOT_PATH}`;

/** The local service's sample sales dataset (data/sample-seed.json), with a `Franchise` column and PDP enabled. */
export const SAMPLE_SALES_DATASET = '7c3e5a10-sales';

/**
 * Environment of the cdktf app, validated once at start with every problem listed. The token is
 * checked here so a missing one fails before any SCIM call, but it is never put in configuration.
 */
const AppEnv = z.object({
  // Unset means the local service; set but blank is a CI variable that expanded to nothing, an error.
  DOMO_SCIM_URL: z
    .string()
    .trim()
    .min(
      1,
      'is set but empty: set it to the SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim, or unset it to use the local service',
    )
    .pipe(z.url({ error: 'must be a URL such as https://acme.domo.com/api/identity/v1/scim' }))
    .default(LOCAL_SCIM_URL),
  DOMO_SCIM_AUTH_SCHEME: AuthSchemeVariable,
  DOMO_SCIM_TOKEN: z.string({ error: 'is not set (the Domo SCIM token; handlers read it at deploy)' }).trim().min(1, 'is empty'),
  DOMO_IDENTITY_ROSTER: z.string().min(1).default('data/franchise-roster.csv'),
  DOMO_IDENTITY_TRAINING: z.string().min(1).default('data/training-completions.csv'),
  DOMO_IDENTITY_MANAGE_USERS: z.enum(['true', 'false']).default('true'),
  DOMO_IDENTITY_USER_REMOVAL_POLICY: z.enum(['retain', 'delete']).default('retain'),
  DOMO_IDENTITY_BACKING: z.enum(['terraform_data', 'null_resource']).default('terraform_data'),
  DOMO_IDENTITY_SHARDS: z.coerce.number().int().min(1).max(4096).default(64),
  DOMO_IDENTITY_REMOVAL_POLICY: z.enum(['clear', 'retain']).default('clear'),
  DOMO_IDENTITY_MEMBERSHIP: z.enum(['authoritative', 'additive']).default('authoritative'),
  DOMO_IDENTITY_GROUP_REMOVAL_POLICY: z.enum(['retain', 'delete']).default('retain'),
  /** The dataset the sample stack protects with one PDP policy per franchise; `none` for no policies. */
  DOMO_IDENTITY_SALES_DATASET: z
    .string()
    .trim()
    .min(1, 'is set but empty: set it to a dataset id, or to none for no PDP policies')
    .default(SAMPLE_SALES_DATASET),
  DOMO_IDENTITY_POLICY_REMOVAL_POLICY: z.enum(['retain', 'delete']).default('retain'),
});
export type AppEnv = z.infer<typeof AppEnv>;

/**
 * Validates the environment. When DOMO_SCIM_URL is unset it says so through `notice` (stderr at
 * synth), so a CI job that forgot the variable sees which URL its plan targets.
 */
export function loadAppEnv(
  env: NodeJS.ProcessEnv = process.env,
  notice: (line: string) => void = (line) => process.stderr.write(`${line}\n`),
): AppEnv {
  const parsed = parseEnv('the cdktf app', AppEnv, env);
  if (env.DOMO_SCIM_URL === undefined) notice(`DOMO_SCIM_URL is not set: using the local SCIM service at ${parsed.DOMO_SCIM_URL}`);
  return parsed;
}
