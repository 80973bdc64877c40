import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { applyPlan } from '../pipeline/apply';
import { planStack, preflightStep, type RepairScope } from '../pipeline/plan';
import { planRecordFile, readPlanRecord, type PlanRecord } from '../pipeline/plan-record';
import { publicApiFromEnv } from '../../config/public-api-env';
import { withRun, type RunContext } from '../pipeline/run';
import { synthesize } from '../pipeline/synth';
import { terraformInit } from '../pipeline/terraform-steps';
import { workDir } from '../run-lock';
import { terraformShowJson } from '../terraform';
import { exitCodesHelp } from '../exit-codes';
import { readManifests } from '../plan-summary/manifests';
import { guardRemovals, removalsOfPlan } from '../pipeline/removal-guard';
import { parseOptions, RunCommandOptions, runSettings, withRunOptions } from './run-options';

export type { RepairScope };

const DeployOptions = RunCommandOptions.extend({
  only: z.string().min(1).optional(),
  repair: z.boolean().default(true),
  plan: z.string().min(1).optional(),
  allowEmptyState: z.boolean().default(false),
  allowFailures: z.boolean().default(false),
});

/**
 * `domo-identity deploy` (and `reconcile`, `mode: 'all'`). With `--plan FILE` it applies exactly
 * that saved plan: it synthesizes, checks the files are the ones the plan was made from, and runs
 * `terraform apply FILE` with the repairs the plan itself names. Without, it plans (synth,
 * preflight, state and drift checks, `terraform plan -out` with `-replace` for the drifted
 * instances) and applies that plan in one go. Either way it succeeds only when Terraform reports
 * a completed apply and a new plan has no changes. Throws on failure; only the CLI entry exits.
 */
export async function runDeployCommand(raw: Record<string, unknown>, env: NodeJS.ProcessEnv = process.env, all = false): Promise<void> {
  const command = all ? 'reconcile' : 'deploy';
  const opts = parseOptions(command, DeployOptions, raw);
  if (opts.plan !== undefined && (opts.only !== undefined || !opts.repair || opts.allowEmptyState || opts.allowFailures || all)) {
    throw new ConfigError(
      `${command} --plan applies a saved plan exactly as it was made: --only, --no-repair, --allow-empty-state and --allow-failures belong to domo-identity plan`,
    );
  }
  const planFile = opts.plan === undefined ? undefined : path.resolve(opts.plan);
  if (planFile !== undefined && !fs.existsSync(planFile)) {
    throw new ConfigError(`--plan ${opts.plan}: no such file; make one with domo-identity plan --out ${opts.plan}`);
  }
  await withRun({ ...runSettings(command, opts), env }, async (ctx) => {
    if (planFile !== undefined) return applySavedPlan(ctx, { planFile, stackName: opts.stack, allowMassRemoval: opts.allowMassRemoval });
    const repair: RepairScope = all ? 'all' : opts.repair ? 'drifted' : 'none';
    const file = path.join(workDir(ctx.projectDir), `${command}.tfplan`);
    try {
      const planned = await planStack(ctx, {
        stack: opts.stack,
        repair,
        only: opts.only,
        allowEmptyState: opts.allowEmptyState,
        allowFailures: opts.allowFailures,
        planFile: file,
        allowMassRemoval: opts.allowMassRemoval,
      });
      ctx.log.write(`\n${planned.summary.markdown}\n`);
      ctx.progress.line(`Changes: ${planned.summary.totals}`);
      guardRemovals(planned.summary.removals, { allowed: opts.allowMassRemoval });
      if (planned.repairsLine) ctx.progress.line(`Repairs: ${planned.repairsLine}`);
      const applied = await applyPlan(ctx, planned.stack, file, planned.record, planned.planJson);
      ctx.progress.line(
        `Deployed: ${applied.added} added, ${applied.changed} changed, ${applied.destroyed} destroyed; Domo now matches the code.`,
      );
    } finally {
      fs.rmSync(file, { force: true });
      fs.rmSync(planRecordFile(file), { force: true });
    }
  });
}

/** `deploy --plan FILE`: the saved plan, applied exactly, or refused with what to do. */
async function applySavedPlan(
  ctx: RunContext,
  { planFile, stackName, allowMassRemoval }: { planFile: string; stackName?: string; allowMassRemoval: boolean },
): Promise<void> {
  const record = readPlanRecord(planFile);
  if (stackName !== undefined && stackName !== record.stack) {
    throw new ConfigError(`--stack ${stackName}: the plan ${planFile} is for the stack ${record.stack}`);
  }
  const stack = await ctx.progress.step(
    'synth',
    () => synthesize(ctx, record.stack),
    (s) => `stack ${s.name}`,
  );
  if (stack.output.digest() !== record.synth) {
    throw new Error(
      `the desired state synthesized now differs from the one the plan ${planFile} was made from (${record.createdAt}): ` +
        'the code or a dataset changed since. Nothing was applied: make a new plan (domo-identity plan --out) from this commit, review it, and apply that one.',
    );
  }
  // Checked before Terraform consumes the plan: a token or API client Domo refuses leaves it unapplied and usable.
  await preflightStep(ctx, stack, {
    untouched: `Nothing was applied: the saved plan ${planFile} is unchanged, apply it again once this is fixed`,
    ...(apiClientNeeded(ctx.env, record) ? { publicApi: (what: string) => publicApiFromEnv(ctx.env, what) } : {}),
  });
  await ctx.progress.step('terraform init', () => terraformInit(ctx, stack.stackDir));
  const planJson = await terraformShowJson(planFile, { cwd: stack.stackDir, env: ctx.env, onOutput: ctx.log.write });
  // The plan was reviewed with its removals shown; one made with the flag carries the allowance.
  guardRemovals(removalsOfPlan(planJson, readManifests(stack.stackDir)), { allowed: allowMassRemoval || record.allowMassRemoval === true });
  const applied = await applyPlan(ctx, stack, planFile, record, planJson);
  ctx.progress.line(
    `Deployed the saved plan: ${applied.added} added, ${applied.changed} changed, ${applied.destroyed} destroyed; Domo now matches the code.`,
  );
}

/**
 * The API client is checked unless the plan was saved with --allow-failures and it is not set:
 * that plan's summary said the writes needing it will fail, and they do, the rest applies.
 */
function apiClientNeeded(env: NodeJS.ProcessEnv, record: PlanRecord): boolean {
  return !record.allowFailures || !!(env.DOMO_CLIENT_ID || env.DOMO_CLIENT_SECRET);
}

/** Adds `domo-identity deploy` and `domo-identity reconcile`. */
export function registerDeploy(program: Command): void {
  withRunOptions(
    program
      .command('deploy')
      .description(
        'Plan and apply in one go, repairing changes made by hand in Domo (a drift check finds them; the instances holding them are ' +
          'replaced so their handlers reconcile Domo), or apply exactly a plan saved by `domo-identity plan --out` (--plan). ' +
          'Succeeds only when Terraform completed the apply and a new plan has no changes.',
      ),
  )
    .option('--plan <file>', 'apply exactly this saved plan (from domo-identity plan --out), with the repairs it names')
    .option('--only <text>', 'repair only constructs whose path contains this text')
    .option('--no-repair', 'no drift check, nothing replaced: apply only what the code changes')
    .option('--allow-empty-state', 'plan although the state looks lost (empty, or none of the stack in it while Domo holds its values)')
    .option('--allow-failures', 'apply although Domo lacks what some writes need (those instances fail; the rest applies)')
    .addHelpText(
      'after',
      `\nReads DOMO_SCIM_TOKEN (never printed). Ctrl-C / SIGTERM: Terraform stops gracefully and writes its state; a second one makes it exit at once.${exitCodesHelp('deploy')}`,
    )
    .action(async (opts: Record<string, unknown>) => {
      await runDeployCommand(opts);
    });
  withRunOptions(
    program
      .command('reconcile')
      .description(
        "Deploy with every instance of this package's constructs replaced: every handler re-reads and reconciles its users and groups.",
      ),
  )
    .option('--only <text>', 'only constructs whose path contains this text')
    .option('--allow-empty-state', 'plan although the state looks lost')
    .addHelpText('after', exitCodesHelp('reconcile'))
    .action(async (opts: Record<string, unknown>) => {
      await runDeployCommand(opts, process.env, true);
    });
}
