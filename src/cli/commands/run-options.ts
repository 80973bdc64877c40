import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { Duration } from '../../engine/env';
import { ConfigError } from '../../errors';
import { ALLOW_MASS_REMOVAL_FLAG } from '../../plan/mass-removal';

/** Options every run that synthesizes and plans shares (`plan`, `deploy`, `reconcile`). */
export const RunCommandOptions = z.object({
  dir: z.string().min(1).default('.'),
  stack: z.string().min(1).optional(),
  verbose: z.boolean().default(false),
  lockTimeout: Duration.optional(),
  allowMassRemoval: z.boolean().default(false),
});

/** Adds the options of {@link RunCommandOptions} to a command. */
export function withRunOptions(command: Command): Command {
  return command
    .option('--dir <dir>', 'the cdktf project folder', '.')
    .option('--stack <name>', 'the stack to use when the app has several')
    .option('--verbose', "stream cdktf's and Terraform's full output (it always goes to the log file)")
    .option(
      '--lock-timeout <duration>',
      "wait this long (e.g. 10m) for another run's lock on the project folder instead of failing at once",
    )
    .option(
      ALLOW_MASS_REMOVAL_FLAG,
      "allow this run to clear, delete or remove from groups or policies more of a construct's users than its maxUsersRemoved " +
        '(default 10 % of its users, at least 5, at most 500)',
    );
}

/** Parses a command's options with its schema; a ConfigError (exit 2) lists every problem. */
export function parseOptions<T extends z.ZodType>(command: string, schema: T, raw: unknown): z.infer<T> {
  const parsed = schema.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`${command}: invalid options:\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

/** The run options as withRun takes them. */
export function runSettings(command: string, opts: z.infer<typeof RunCommandOptions>) {
  return {
    projectDir: path.resolve(opts.dir),
    command,
    verbose: opts.verbose,
    ...(opts.lockTimeout !== undefined ? { lockTimeoutMs: opts.lockTimeout } : {}),
  };
}

/** A comma-separated flag value as a list: trimmed, empty items dropped, at least one left. */
export const commaList = (flag: string, example: string) =>
  z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== ''),
    )
    .refine((items) => items.length > 0, `${flag} needs at least one value, e.g. ${flag} ${example}`);
