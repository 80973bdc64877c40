import { z } from 'zod';
import { ConfigError } from '../errors';

/**
 * Handlers get credentials only from their environment (cdktf deploy -> terraform -> local-exec),
 * never from configuration, so a token never reaches cdk.tf.json, state or plan output.
 */
const HandlerEnv = z.object({
  DOMO_SCIM_TOKEN: z.string({ error: 'is not set' }).trim().min(1, 'is empty'),
  DOMO_IDENTITY_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(8),
  DOMO_IDENTITY_TEARDOWN: z
    .enum(['true', 'false', '1', '0', ''])
    .default('')
    .transform((v) => v === 'true' || v === '1'),
});
export type HandlerEnv = z.infer<typeof HandlerEnv>;

export function loadHandlerEnv(env: NodeJS.ProcessEnv = process.env): HandlerEnv {
  const parsed = HandlerEnv.safeParse(env);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `  - ${i.path.join('.')} ${i.message}`);
  throw new ConfigError(`The handler's environment is incomplete:\n${problems.join('\n')}`);
}
