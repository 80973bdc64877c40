import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { DriftCheckError, DriftFoundError } from '../drift/errors';
import { formatDriftMarkdown, formatDriftText, summarizeDrift } from '../drift/report';
import { runDrift } from '../drift/run-drift';
import { driftJson, type DriftJson, type DriftReport } from '../../drift/report';
import { parseEnv, ScimTokenVariable } from '../../config/command-env';
import { exitCodesHelp } from '../exit-codes';
import { MIN_MAX_CHARS } from '../plan-summary/summarize';
import { DEFAULT_MAX_CHARS } from '../../report/layout';
import { withRun } from '../pipeline/run';
import { synthesize } from '../pipeline/synth';
import { RunCommandOptions, runSettings, withRunOptions } from './run-options';

const DriftCommandOptions = RunCommandOptions.extend({
  stackDir: z.string().min(1).optional(),
  json: z.boolean().default(false),
  markdown: z.boolean().default(false),
  maxChars: z.coerce
    .number({ error: '--max-chars must be a number' })
    .int('--max-chars must be a whole number')
    .min(MIN_MAX_CHARS, `--max-chars must be at least ${MIN_MAX_CHARS}`)
    .default(DEFAULT_MAX_CHARS),
}).refine((o) => !(o.json && o.markdown), '--json and --markdown cannot be combined; pick one output format');

/** Read once at start; the token's value never appears in a message. */
const DriftEnv = z.object({
  DOMO_SCIM_TOKEN: ScimTokenVariable,
});

/**
 * `domo-identity drift`: prints the report (stdout) and returns it (as `--json` prints it) when Domo is in sync; throws
 * DriftFoundError (exit 3) after printing when it is not, DriftCheckError (exit 2 or 1, by its cause) on any error.
 * Honest reads: it synthesizes the project first (under the project's run lock), so it compares
 * Domo with the code as it is now, never with an older cdktf.out (a failed synth fails the check).
 * `--stack-dir` reads an already synthesized folder as it is, for callers that vouch for it.
 */
export async function runDriftCommand(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  cwd: string = process.cwd(),
): Promise<DriftJson> {
  let report: DriftReport;
  let json = false;
  let markdown = false;
  let maxChars = DEFAULT_MAX_CHARS;
  try {
    const parsed = DriftCommandOptions.safeParse(raw);
    if (!parsed.success) throw new ConfigError(`invalid options:\n${z.prettifyError(parsed.error)}`);
    ({ json, markdown, maxChars } = parsed.data);
    const { DOMO_SCIM_TOKEN } = parseEnv(undefined, DriftEnv, env); // DriftCheckError names the command
    const check = (stackDir: string) => runDrift({ stackDir, token: DOMO_SCIM_TOKEN, env });
    const opts = parsed.data;
    const result =
      opts.stackDir !== undefined
        ? await check(path.resolve(cwd, opts.stackDir))
        : await withRun({ ...runSettings('drift', { ...opts, dir: path.resolve(cwd, opts.dir) }), env }, async (ctx) => {
            const stack = await ctx.progress.step(
              'synth',
              () => synthesize(ctx, opts.stack),
              (s) => `stack ${s.name}`,
            );
            return ctx.progress.step(
              'drift check',
              () => check(stack.stackDir),
              (r) => summarizeDrift(r.report),
            );
          });
    for (const dir of result.skipped)
      process.stderr.write(`Not checked (drift covers users, user attributes, directory groups and PDP policies): ${dir}\n`);
    report = result.report;
  } catch (e) {
    throw new DriftCheckError(e);
  }
  const output = json
    ? JSON.stringify(driftJson(report), null, 2)
    : markdown
      ? formatDriftMarkdown(report, maxChars)
      : formatDriftText(report);
  process.stdout.write(output.endsWith('\n') ? output : `${output}\n`);
  if (!report.inSync) throw new DriftFoundError(report);
  return driftJson(report);
}

/** Adds `domo-identity drift`. */
export function registerDrift(program: Command): void {
  withRunOptions(
    program
      .command('drift')
      .description(
        'Synthesize the project, then compare Domo with its desired state and report what was changed outside the code ' +
          '(values, missing users and groups, extra members, users outside the data who still hold managed values). Changes no data.',
      ),
  )
    .option('--stack-dir <dir>', 'read this already synthesized stack folder as it is instead of synthesizing (you vouch it is current)')
    .option('--json', 'print { inSync, users, groups, outsiders, policies } as JSON (policies when the stack has DomoPdpPolicies)')
    .option('--markdown', 'print a Markdown report, for a pull request, issue or job summary')
    .option('--max-chars <n>', `longest Markdown report; rows that do not fit are counted instead (default ${DEFAULT_MAX_CHARS})`)
    .addHelpText(
      'after',
      '\nThe SCIM root comes from the synthesized files; the token from DOMO_SCIM_TOKEN (never printed). Without --stack-dir it synthesizes first.\n' +
        'PDP policies are read with the API client DOMO_CLIENT_ID / DOMO_CLIENT_SECRET (DOMO_API_HOST, default https://api.domo.com).' +
        exitCodesHelp('drift'),
    )
    .action(async (opts: Record<string, unknown>) => {
      await runDriftCommand(opts);
    });
}
