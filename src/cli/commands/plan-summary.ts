import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { readManifests } from '../plan-summary/manifests';
import { MIN_MAX_CHARS, summarizePlan } from '../plan-summary/summarize';
import { defaultStackDir, terraformShowPlan } from '../plan-summary/terraform-show';
import { PlanFormatError } from '../../plan/errors';
import { exitCodesHelp } from '../exit-codes';
import { DEFAULT_MAX_CHARS } from '../../report/layout';

const PlanSummaryOptions = z.object({
  stackDir: z.string().min(1, '--stack-dir must not be empty').optional(),
  planJson: z.string().min(1, '--plan-json must not be empty').optional(),
  maxChars: z.coerce
    .number({ error: '--max-chars must be a number' })
    .int('--max-chars must be a whole number')
    .min(MIN_MAX_CHARS, `--max-chars must be at least ${MIN_MAX_CHARS}`)
    .default(DEFAULT_MAX_CHARS),
});

/**
 * `domo-identity plan-summary`: the plan of `cdktf plan` as Markdown for a pull request comment.
 * Throws ConfigError (exit 2) when there is no plan to read.
 */
export async function runPlanSummaryCommand(raw: Record<string, unknown>, cwd: string = process.cwd()): Promise<string> {
  const parsed = PlanSummaryOptions.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`plan-summary: invalid options:\n${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const stackDir =
    opts.stackDir !== undefined ? path.resolve(cwd, opts.stackDir) : opts.planJson === undefined ? defaultStackDir(cwd) : undefined;
  if (stackDir !== undefined && !fs.existsSync(stackDir))
    throw new ConfigError(`plan-summary: the stack folder ${stackDir} does not exist: run \`cdktf plan\` first.`);
  const planJson = opts.planJson !== undefined ? readPlanJson(path.resolve(cwd, opts.planJson)) : await terraformShowPlan(stackDir!);
  const manifests = stackDir !== undefined ? readManifests(stackDir) : {};
  try {
    return summarizePlan(planJson, { maxChars: opts.maxChars, manifests });
  } catch (err) {
    if (err instanceof PlanFormatError) throw new ConfigError(`plan-summary: ${opts.planJson ?? 'the plan'} is ${err.message}`);
    throw err;
  }
}

function readPlanJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    throw new ConfigError(
      `plan-summary: cannot read --plan-json ${file}: write it with \`terraform show -json plan > ${path.basename(file)}\` after \`cdktf plan\`.`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`plan-summary: --plan-json ${file} is not JSON: ${(err as Error).message}`);
  }
}

/** Adds `domo-identity plan-summary`. */
export function registerPlanSummary(program: Command): void {
  program
    .command('plan-summary')
    .description(
      'Summarize the plan of `cdktf plan` as Markdown (for a pull request comment): totals, risky changes, then every user, group and definition that changes.',
    )
    .option(
      '--stack-dir <dir>',
      'the stack folder holding the plan file and the construct manifests (default: the only folder under ./cdktf.out/stacks)',
    )
    .option('--plan-json <file>', 'read the output of `terraform show -json plan` from this file instead of running Terraform')
    .option(
      '--max-chars <n>',
      `longest summary to print; rows and sections that do not fit are counted instead (default ${DEFAULT_MAX_CHARS})`,
    )
    .addHelpText('after', exitCodesHelp('plan-summary'))
    .action(async (opts: Record<string, unknown>) => {
      const summary = await runPlanSummaryCommand(opts);
      process.stdout.write(summary.endsWith('\n') ? summary : `${summary}\n`);
    });
}
