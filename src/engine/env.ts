import { z } from 'zod';
import { parseEnv, ScimTokenVariable } from '../config/command-env';
import { DEFAULT_TIME_BUDGET_MS } from '../domo/budget';

/** `30m`, `90s`, `2h` or plain seconds, as milliseconds. */
export const Duration = z
  .string()
  .trim()
  .regex(/^\d+(\.\d+)?\s*(ms|s|m|h)?$/i, 'must be a duration such as 30m, 90s or 2h')
  .transform((v) => {
    const [, n, unit] = /^(\d+(?:\.\d+)?)\s*(ms|s|m|h)?$/i.exec(v)!;
    const factor = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }[(unit ?? 's').toLowerCase() as 'ms' | 's' | 'm' | 'h'];
    return Math.round(Number(n) * factor);
  })
  .refine((ms) => ms > 0, 'must be longer than zero');

/**
 * The engine gets credentials only from its environment (cdktf deploy -> terraform -> local-exec
 * -> handler -> engine), never from configuration, so a token never reaches cdk.tf.json, state or
 * plan output.
 */
const EngineEnv = z.object({
  DOMO_SCIM_TOKEN: ScimTokenVariable,
  /** Users worked on at once per instance; requests in flight are capped by the throttle. */
  DOMO_IDENTITY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  DOMO_IDENTITY_TEARDOWN: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
  /** How long a deploy may wait out Domo's rate limit before what is left fails. */
  DOMO_IDENTITY_TIME_BUDGET: Duration.optional().transform((ms) => ms ?? DEFAULT_TIME_BUDGET_MS),
  /**
   * The public API client PDP policies are written with (see publicApiFromEnv). Optional here:
   * a stack without PDP policies never needs them, and one with policies fails every instance,
   * naming the variables, before anything is written (Engine.checkRequirements).
   */
  DOMO_CLIENT_ID: z.string().optional(),
  DOMO_CLIENT_SECRET: z.string().optional(),
  DOMO_API_HOST: z.string().optional(),
});
export type EngineEnv = z.infer<typeof EngineEnv>;

export function loadEngineEnv(env: NodeJS.ProcessEnv = process.env): EngineEnv {
  return parseEnv('the deploy engine', EngineEnv, env);
}
