import { Command } from 'commander';
import { z } from 'zod';
import { DEFAULT_EMULATOR_PORT } from './defaults';
import { EmulatorConfigError } from './errors';
import { EMULATOR_HELP } from './help';
import { RateWindow, RetryAfterForm } from './rate-limit';
import { loadSeedFile } from './seed';
import { startEmulator, type RunningEmulator } from './server';

/*
 * The command line of the service: `domo-scim-emulator [options]`, and the same command under
 * another name when a host CLI delegates to it (`domo-identity emulator`). Library code throws;
 * only the bin entry sets the exit code (see exitCodeOf).
 */

const integer = (flag: string, min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.coerce
    .number({ error: `${flag} must be a number` })
    .int(`${flag} must be a whole number`)
    .min(min, `${flag} must be at least ${min}`)
    .max(max, `${flag} must be at most ${max}`);

const EmulatorCommandOptions = z
  .object({
    port: integer('--port', 0, 65535).default(DEFAULT_EMULATOR_PORT),
    seed: z.string().optional(),
    token: z.string().min(1).optional(),
    persist: z.string().optional(),
    maxPageSize: integer('--max-page-size', 1).optional(),
    rateLimit: z
      .string()
      .regex(/^\d+\/\d+(\.\d+)?$/, '--rate-limit must look like <requests>/<seconds>, e.g. 10/1')
      .transform((s) => {
        const [requests, perSeconds] = s.split('/').map(Number) as [number, number];
        return { requests, perSeconds };
      })
      .refine((r) => r.requests > 0 && r.perSeconds > 0, '--rate-limit needs positive numbers')
      .optional(),
    retryAfter: z.enum(RetryAfterForm.options, { error: '--retry-after must be seconds, http-date or none' }).optional(),
    retryAfterSeconds: integer('--retry-after-seconds', 0).optional(),
    rateWindow: z.enum(RateWindow.options, { error: '--rate-window must be fixed or sliding' }).optional(),
  })
  .refine(
    (o) => o.rateLimit !== undefined || (o.retryAfter === undefined && o.retryAfterSeconds === undefined && o.rateWindow === undefined),
    {
      message: '--rate-window, --retry-after and --retry-after-seconds shape the 429s of --rate-limit: add --rate-limit <requests/seconds>',
      path: ['retryAfter'],
    },
  )
  .refine((o) => !(o.retryAfter === 'none' && o.retryAfterSeconds !== undefined), {
    message: '--retry-after none sends no Retry-After header, so --retry-after-seconds has nothing to set',
    path: ['retryAfterSeconds'],
  });

let running: { emulator: RunningEmulator; onSignal: () => void } | undefined;

/** Stops the service the command started (for in-process callers such as tests). */
export async function stopEmulatorCommand(): Promise<void> {
  const current = running;
  if (!current) return;
  running = undefined;
  process.off('SIGINT', current.onSignal);
  process.off('SIGTERM', current.onSignal);
  await current.emulator.close();
}

async function runEmulatorCommand(raw: Record<string, unknown>): Promise<void> {
  const parsed = EmulatorCommandOptions.safeParse(raw);
  if (!parsed.success) throw new EmulatorConfigError(`invalid options:\n${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const token = opts.token ?? (process.env['DOMO_SCIM_TOKEN'] || undefined);
  if (!token) throw new EmulatorConfigError(`no token: pass --token <token> or set the DOMO_SCIM_TOKEN environment variable`);
  const emulator = await startEmulator({
    port: opts.port,
    token,
    seed: opts.seed === undefined ? undefined : loadSeedFile(opts.seed),
    persistPath: opts.persist,
    maxPageSize: opts.maxPageSize,
    rateLimit: opts.rateLimit && {
      ...opts.rateLimit,
      window: opts.rateWindow,
      retryAfter: opts.retryAfter,
      retryAfterSeconds: opts.retryAfterSeconds,
    },
  });
  const onSignal = () => {
    process.stderr.write('Stopping the local Domo SCIM service.\n');
    void stopEmulatorCommand();
  };
  running = { emulator, onSignal };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const users = emulator.snapshot().users.length;
  process.stderr.write(
    `Local Domo SCIM service on ${emulator.scimUrl} with ${users} user${users === 1 ? '' : 's'}${opts.persist ? `, saving state to ${opts.persist}` : ''}. Ctrl-C stops it.\n`,
  );
  // One machine-readable line, so scripts can start the service and read where it listens.
  process.stdout.write(`${JSON.stringify({ url: emulator.url, scimUrl: emulator.scimUrl })}\n`);
}

/**
 * The command, named `name` in its usage. Parsing errors throw (commander's `exitOverride`) and
 * messages carry no prefix, so the caller decides how to print them and the exit code.
 */
export function emulatorCommand(name = 'domo-scim-emulator'): Command {
  return new Command(name)
    .description('Run a local Domo-compatible SCIM 2.0 service (127.0.0.1 only) for development and tests.')
    .option('--port <n>', `port to listen on; 0 picks a free one (default ${DEFAULT_EMULATOR_PORT})`)
    .option('--seed <file>', 'seed file: attribute catalog, users, groups, roles, API clients, datasets (default: an empty instance)')
    .option('--token <token>', 'token clients must send (default: $DOMO_SCIM_TOKEN)')
    .option('--persist <file>', 'load state from this file if it exists and save it after every change')
    .option('--max-page-size <n>', 'largest page GET /Users returns (default 200)')
    .option('--rate-limit <requests/seconds>', 'answer 429 above this many API requests per window, e.g. 10/1 (default: no limit)')
    .option('--rate-window <kind>', 'how --rate-limit counts: fixed windows or a sliding one (default fixed)')
    .option('--retry-after <form>', 'how those 429s carry Retry-After: seconds, http-date or none (default seconds)')
    .option('--retry-after-seconds <n>', 'the wait Retry-After announces, as seconds or as the date that far ahead (default 1)')
    .addHelpText('after', EMULATOR_HELP)
    .exitOverride()
    .action(async (opts: Record<string, unknown>) => {
      await runEmulatorCommand(opts);
    });
}

/** Parses `argv` (the arguments after the command's name) and starts the service; resolves once it listens. */
export async function main(argv: readonly string[], name?: string): Promise<void> {
  await emulatorCommand(name).parseAsync([...argv], { from: 'user' });
}

/** The exit code for what `main` threw: 0 for help or version, 2 for usage and configuration errors, 1 otherwise. */
export function exitCodeOf(err: unknown): 0 | 1 | 2 {
  const e = err as { code?: unknown; exitCode?: unknown; name?: unknown } | null;
  if (typeof e?.code === 'string' && e.code.startsWith('commander.')) return e.exitCode === 0 ? 0 : 2;
  return e?.name === 'EmulatorConfigError' ? 2 : 1;
}
