import { z } from 'zod';
import { DEFAULT_DOMO_API_HOST } from '../domo/api/paths';
import type { PublicApiAccess } from '../domo/api/pdp';
import { parseApiRoot } from '../domo/url';
import { parseEnv } from './command-env';
import { clientCredentialProblem } from '../domo/api/oauth';

function credentialRule(part: 'id' | 'secret') {
  return (value: string, ctx: z.RefinementCtx) => {
    const problem = clientCredentialProblem(value, part);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  };
}

const CLIENT = "an API client of Domo's public API with the data scope";

/** The public API client of the environment: DOMO_CLIENT_ID, DOMO_CLIENT_SECRET and DOMO_API_HOST. */
const PublicApiEnv = z.object({
  DOMO_CLIENT_ID: z
    .string({ error: `is not set (${CLIENT})` })
    .trim()
    .min(1, { error: `is empty (${CLIENT})`, abort: true })
    .superRefine(credentialRule('id')),
  // Its value never appears in a message.
  DOMO_CLIENT_SECRET: z
    .string({ error: 'is not set (the secret of the API client DOMO_CLIENT_ID)' })
    .trim()
    .min(1, { error: 'is empty (the secret of the API client DOMO_CLIENT_ID)', abort: true })
    .superRefine(credentialRule('secret')),
  DOMO_API_HOST: z
    .string()
    .trim()
    .optional()
    .transform((v) => (v === undefined || v === '' ? DEFAULT_DOMO_API_HOST : v))
    .superRefine((v, ctx) => {
      try {
        parseApiRoot(v, 'DOMO_API_HOST', DEFAULT_DOMO_API_HOST);
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: (e as Error).message.replace(/^DOMO_API_HOST /, '') });
      }
    }),
});

/**
 * The public API client (PDP policies are managed with it, datasets read with it), validated with every problem listed
 * (parseEnv); `who` (what needs it) starts the message. The secret never appears in one.
 */
export function publicApiFromEnv(
  env: Readonly<Partial<Record<'DOMO_CLIENT_ID' | 'DOMO_CLIENT_SECRET' | 'DOMO_API_HOST', string | undefined>>>,
  who: string,
): PublicApiAccess {
  const vars = parseEnv(who, PublicApiEnv, env as NodeJS.ProcessEnv);
  return { clientId: vars.DOMO_CLIENT_ID, clientSecret: vars.DOMO_CLIENT_SECRET, apiHost: vars.DOMO_API_HOST };
}
