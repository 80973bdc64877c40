import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { MIN_MAX_CHARS } from '../plan-summary/summarize';
import { planStack } from '../pipeline/plan';
import { PlanRefusedError } from '../pipeline/plan-checks';
import { planRecordFile } from '../pipeline/plan-record';
import { displayPath, withRun } from '../pipeline/run';
import { workDir } from '../run-lock';
import { guardRemovals } from '../pipeline/removal-guard';
import { DEFAULT_MAX_CHARS } from '../../report/layout';
import { exitCodesHelp } from '../exit-codes';
import { parseOptions, RunCommandOptions, runSettings, withRunOptions } from './run-options';

const PlanOptions = RunCommandOptions.extend({
  out: z.string().min(1).optional(),
  only: z.string().min(1).optional(),
  repair: z.boolean().default(true),
  allowEmptyState: z.boolean().default(false),
  allowFailures: z.boolean().default(false),
  maxChars: z.coerce.number().int().min(MIN_MAX_CHARS).default(DEFAULT_MAX_CHARS),
});

/**
 * `domo-identity plan [--out FILE]`: the reviewable plan. Synthesizes, runs the preflight (read
 * only), reads the state, checks drift with one listing, refuses a state that looks lost, then
 * `terraform plan -out FILE` with `-replace` for the instances that repair drift. Prints the
 * Markdown summary (data changes, then each repair with what Domo holds now and why) to stdout;
 * `domo-identity deploy --plan FILE` applies exactly this plan.
 */
export async function runPlanCommand(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env): Promise<string> {
  const opts = parseOptions('plan', PlanOptions, raw);
  return withRun({ ...runSettings('plan', opts), env }, async (ctx) => {
    const planFile = opts.out !== undefined ? path.resolve(opts.out) : path.join(workDir(ctx.projectDir), 'plan.tfplan');
    const planned = await planStack(ctx, {
      stack: opts.stack,
      repair: opts.repair ? 'drifted' : 'none',
      only: opts.only,
      allowEmptyState: opts.allowEmptyState,
      allowFailures: opts.allowFailures,
      planFile,
      maxChars: opts.maxChars,
      allowMassRemoval: opts.allowMassRemoval,
    }).catch((e: unknown) => {
      // The pull request says why: the summary of a refused plan lists what Domo lacks.
      if (e instanceof PlanRefusedError) {
        printMarkdown(e.markdown);
        // No plan file is left at --out, not even an older one that could be mistaken for this plan.
        fs.rmSync(planFile, { force: true });
        fs.rmSync(planRecordFile(planFile), { force: true });
      }
      throw e;
    });
    const { markdown } = planned.summary;
    printMarkdown(markdown);
    guardRemovals(planned.summary.removals, { allowed: opts.allowMassRemoval, planFile });
    ctx.progress.line(
      `Saved the plan to ${displayPath(planFile)}; apply exactly it with: domo-identity deploy --plan ${displayPath(planFile)}`,
    );
    return markdown;
  });
}

function printMarkdown(markdown: string): void {
  process.stdout.write(markdown.endsWith('\n') ? markdown : `${markdown}\n`);
}

/** Adds `domo-identity plan`. */
export function registerPlan(program: Command): void {
  withRunOptions(
    program
      .command('plan')
      .description(
        'Make the reviewable plan: synth, a read-only preflight (token), the checks (everything the deploy needs that Domo lacks: ' +
          'users, roles, keys, PDP datasets, credentials; exit 4 and no plan saved unless --allow-failures), the drift check, then terraform plan ' +
          'with -replace for the instances that repair drift. Prints a Markdown summary (data changes, then each repair: what Domo holds now ' +
          'and why). Changes no data.',
      ),
  )
    .option(
      '--out <file>',
      'save the plan here (and <file>.repairs.json beside it) for domo-identity deploy --plan (default: .domo-identity/plan.tfplan)',
    )
    .option('--only <text>', 'repair only constructs whose path contains this text')
    .option('--no-repair', 'no drift check, nothing replaced: only what the code changes')
    .option('--allow-empty-state', 'plan although the state looks lost (empty, or none of the stack in it while Domo holds its values)')
    .option(
      '--allow-failures',
      'save the plan although Domo lacks what some writes need (users, roles, keys, datasets, credentials); the summary says which writes will fail',
    )
    .option('--max-chars <n>', `longest summary to print (default ${DEFAULT_MAX_CHARS})`)
    .addHelpText('after', `\nReads DOMO_SCIM_TOKEN (never printed).${exitCodesHelp('plan')}`)
    .action(async (opts: Record<string, unknown>) => {
      await runPlanCommand(opts);
    });
}
