import * as path from 'node:path';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import type { LiveReads } from '../../drift/live-reads';
import type { PlanProblem } from '../../plan/checks';
import { stackNeeds } from '../doctor/preflight';
import { openLiveReads } from '../drift/run-drift';
import { checkStack, kindsLackingCredentials, PlanRefusedError } from './plan-checks';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { preflight, type PreflightOptions } from '../doctor/preflight';
import { loadDesiredState } from '../drift/desired-state';
import { summarizeDrift } from '../drift/report';
import { runDrift, type DriftResult } from '../drift/run-drift';
import { cannotApplySummary, type PlanSummary } from '../plan-summary/summarize';
import { repairsLineOf, summarize, titlesOf } from './plan-summary-step';
import { plural } from '../../report/words';
import { DEFAULT_MAX_CHARS } from '../../report/layout';
import { parseEnv, ScimTokenVariable } from '../../config/command-env';
import { Duration } from '../../engine/env';
import { errorBlock, exitOf, isStateLockError, planLine, runTerraform, terraformShowJson } from '../terraform';
import { writePlanRecord, type PlanRecord } from './plan-record';
import type { RunContext } from './run';
import { chooseRepairs, type RepairChoice } from './repair-choice';
import { checkState, readStackState, type StackState } from './state';
import type { Deployed } from '../../drift/facet';
import type { DesiredByFacet } from '../../drift/report';
import { deployMarkerFile, readDeployMarker, writeDeployMarker } from './deploy-marker';
import { synthesize, type SynthesizedStack } from './synth';
import { stateLockAdvice, terraformInit } from './terraform-steps';

/** Which instances a plan replaces beyond those whose data changed. */
export type RepairScope = 'drifted' | 'all' | 'none';

export interface PlanStepOptions {
  /** The stack to plan, when the app has several. */
  readonly stack?: string;
  /** `drifted`: where Domo differs (one listing); `all`: every instance; `none`: no drift check, nothing replaced. */
  readonly repair: RepairScope;
  /** Repair only constructs whose path contains this text. */
  readonly only?: string;
  /** Plan although the state looks lost (see checkState). */
  readonly allowEmptyState?: boolean;
  /** Where Terraform saves the plan (absolute); its record is written beside it. */
  readonly planFile: string;
  /** Longest Markdown summary. @default 60,000 */
  readonly maxChars?: number;
  /**
   * Save the plan although Domo lacks what its deploy needs (users, roles, keys, datasets,
   * credentials): the summary says which writes will fail. @default false - such a plan is refused
   * (CannotApplyError) before anything is saved
   */
  readonly allowFailures?: boolean;
  /** The run allows removals over a construct's limit (recorded in the plan's record). @default false */
  readonly allowMassRemoval?: boolean;
}

export interface PlannedStack {
  readonly stack: SynthesizedStack;
  readonly record: PlanRecord;
  /** `terraform show -json` of the saved plan. */
  readonly planJson: unknown;
  /** The Markdown summary (data changes, then repairs) and its totals. */
  readonly summary: PlanSummary;
  /** `Plan: 1 to add, 0 to change, 1 to destroy.` or `No changes.` */
  readonly planLine: string;
  /** `2 instances replaced to repair drift; 30 users outside the data get the removal policy`, or undefined. */
  readonly repairsLine?: string;
  /** What the deploy will need that Domo lacks (only with allowFailures). */
  readonly problems: readonly PlanProblem[];
  /** A first deploy while Domo already holds managed values: the summary's first line says so. */
  readonly firstDeployNote?: string;
}

const TokenEnv = z.object({
  DOMO_SCIM_TOKEN: ScimTokenVariable,
  /** The deploy's time budget, which the preflight's rate-limited requests get too. */
  DOMO_IDENTITY_TIME_BUDGET: Duration.optional(),
});

/**
 * The plan of a `domo-identity plan` or `deploy`, step by step, each a progress line:
 * synth (honest reads: the run's own synth, never an older cdktf.out), preflight (read-only:
 * token, keys, roles), the checks (what the deploy needs that Domo lacks, refused before
 * anything is saved), `terraform init`, the state as Terraform holds it, the drift check (one
 * listing), the state check (a lost or truncated state stops here), then
 * `terraform plan -out` with `-replace` for the instances that repair drift. The plan's record
 * (synth digest, users outside the data per instance) is written beside it, and the summary
 * shows data changes and, separately, each repair with what Domo holds now.
 */
export async function planStack(ctx: RunContext, options: PlanStepOptions): Promise<PlannedStack> {
  const { DOMO_SCIM_TOKEN: token, DOMO_IDENTITY_TIME_BUDGET: timeBudgetMs } = parseEnv(undefined, TokenEnv, ctx.env);
  const stack = await ctx.progress.step(
    'synth',
    () => synthesize(ctx, options.stack),
    (s) => `stack ${s.name}, ${plural(s.output.constructs.length, 'construct')}`,
  );
  ctx.interrupts.check('after synth');
  await preflightStep(ctx, stack);
  const scim = stackNeeds(stack.output).scim;
  // One read of Domo for the checks and the drift check (and the summary's current values).
  const reads = scim ? openLiveReads({ scim, token, env: ctx.env, ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}) }) : undefined;
  try {
    // Read once, by the first to ask: a check that needs what the change removes, or else the plan.
    let stateRead: Promise<StackState> | undefined;
    const stateOf = () => (stateRead ??= readState(ctx, stack));
    const problems = reads ? await checkDomo(ctx, options, { stack, reads, deployed: async () => (await stateOf()).deployed }) : [];
    const state = await stateOf();
    const drift = await checkDrift(ctx, options, { stack, token, reads, problems });
    const desired = drift?.desired ?? loadDesiredState(stack.stackDir).desired;
    const { note } = checkStateOf(ctx, options, { stack, state, desired, ...(drift ? { drift } : {}) });
    if (note) ctx.progress.line(note);
    const choice = chooseRepairs({ ...options, stack, state, desired, ...(drift ? { drift } : {}), progress: ctx.progress });
    const planned = await terraformPlan(ctx, options, stack.stackDir, choice.addresses);
    const planJson = await terraformShowJson(options.planFile, { cwd: stack.stackDir, env: ctx.env, onOutput: ctx.log.write });
    const record = recordPlan(options, { stack, choice, problems });
    const grantTitles = titlesOf(await reads?.listedAuthorities());
    const summarized = summarize(options, { stack, planJson, choice, problems, grantTitles, ...(drift ? { drift } : {}) });
    const summary = note ? { ...summarized, markdown: `> **${note}**\n\n${summarized.markdown}` } : summarized;
    if (options.repair === 'all' && choice.addresses.length === 0)
      throw new ConfigError('reconcile: the stack has no instance to reconcile');
    const repairsLine = repairsLineOf(options, choice);
    return {
      stack,
      record,
      planJson,
      summary,
      planLine: planned,
      problems,
      ...(repairsLine ? { repairsLine } : {}),
      ...(note ? { firstDeployNote: note } : {}),
    };
  } finally {
    await reads?.close();
  }
}

/**
 * The state check (checkState), with the project folder's record of a deploy as its evidence; a
 * state that holds the stack refreshes that record. `--allow-empty-state` skips it.
 */
function checkStateOf(
  ctx: RunContext,
  options: PlanStepOptions,
  found: { stack: SynthesizedStack; state: StackState; desired: DesiredByFacet; drift?: DriftResult },
): { note?: string } {
  const { stack, state } = found;
  if (state.instances > 0) writeDeployMarker(ctx.projectDir, stack.name, state.instances);
  if (options.allowEmptyState) return {};
  const marker = readDeployMarker(ctx.projectDir, stack.name);
  const file = path.relative(ctx.projectDir, deployMarkerFile(ctx.projectDir, stack.name));
  return checkState({
    stackDir: stack.stackDir,
    state,
    desired: found.desired,
    ...(found.drift ? { live: found.drift.live } : {}),
    ...(marker ? { marker: { seenAt: marker.seenAt, file } } : {}),
  });
}

/**
 * The preflight of a run (the token, and the groups grant where the stack has groups; the API
 * client too when asked), with the run's token and time budget; a step the run can be interrupted after.
 */
export async function preflightStep(
  ctx: RunContext,
  stack: SynthesizedStack,
  check: Pick<PreflightOptions, 'publicApi' | 'untouched'> = {},
): Promise<void> {
  const { DOMO_SCIM_TOKEN: token, DOMO_IDENTITY_TIME_BUDGET: timeBudgetMs } = parseEnv(undefined, TokenEnv, ctx.env);
  await ctx.progress.step(
    'preflight',
    () => preflight({ output: stack.output, token, ...check, ...(timeBudgetMs !== undefined ? { timeBudgetMs } : {}) }),
    (r) => (r.apiClient ? 'token and API client accepted' : 'token accepted'),
  );
  ctx.interrupts.check('after preflight');
}

/**
 * Everything the deploy will need from Domo that Domo lacks (checkStack), before anything is
 * saved: refused with every problem (PlanRefusedError, exit 4), or kept for the summary when
 * the plan may be saved with them (`allowFailures`).
 */
async function checkDomo(
  ctx: RunContext,
  options: PlanStepOptions,
  input: { stack: SynthesizedStack; reads: LiveReads; deployed: () => Promise<Deployed> },
): Promise<PlanProblem[]> {
  const { stack, reads, deployed } = input;
  const problems = await ctx.progress.step(
    'checks',
    async () => {
      const found = await checkStack({ output: stack.output, reads, env: ctx.env, deployed });
      if (found.length > 0 && !options.allowFailures)
        throw new PlanRefusedError(cannotApplySummary(found, options.maxChars ?? DEFAULT_MAX_CHARS), found);
      return found;
    },
    (found) =>
      found.length === 0
        ? 'Domo has every user, key, role and dataset the deploy needs'
        : `${plural(found.length, 'problem')}: the writes that need them will fail (--allow-failures)`,
  );
  ctx.interrupts.check('after the checks');
  return problems;
}

/** `terraform init` and the state as Terraform holds it. */
async function readState(ctx: RunContext, stack: SynthesizedStack): Promise<StackState> {
  const { progress, interrupts } = ctx;
  await progress.step('terraform init', () => terraformInit(ctx, stack.stackDir));
  const state = await progress.step(
    'state',
    async () =>
      readStackState(await terraformShowJson(undefined, { cwd: stack.stackDir, env: ctx.env, onOutput: ctx.log.write }), stack.output),
    (s) => `${plural(s.instances, 'instance')} of this stack in Terraform's state`,
  );
  interrupts.check('after reading the state');
  return state;
}

/**
 * The drift check, unless the plan repairs nothing. Kinds whose credentials are missing (a plan
 * saved with --allow-failures: their writes are listed as failing) are not read: nothing of Domo
 * can be, and their instances are not repaired.
 */
async function checkDrift(
  ctx: RunContext,
  options: PlanStepOptions,
  found: { stack: SynthesizedStack; token: string; reads: LiveReads | undefined; problems: readonly PlanProblem[] },
): Promise<DriftResult | undefined> {
  if (options.repair === 'none') return undefined;
  const { stack, token, reads } = found;
  const lacking = found.problems.length > 0 ? kindsLackingCredentials(stack.output, ctx.env) : new Map<KindDefinition, string>();
  const kinds = KINDS.map((k) => (lacking.has(k) ? withoutDrift(k) : k));
  const unread = [...lacking.keys()].map((k) => k.constructClass);
  const drift = await ctx.progress.step(
    'drift check',
    () => runDrift({ stackDir: stack.stackDir, token, env: ctx.env, kinds, ...(reads ? { reads } : {}) }),
    (d) => `${summarizeDrift(d.report)}${unread.length > 0 ? `; not read, for lack of credentials: ${unread.join(', ')}` : ''}`,
  );
  ctx.interrupts.check('after the drift check');
  return drift;
}

function withoutDrift(kind: KindDefinition): KindDefinition {
  const { drift: _unread, ...rest } = kind;
  return rest;
}

/** `terraform plan -out`, replacing `addresses`; resolves to its plan line. */
function terraformPlan(ctx: RunContext, options: PlanStepOptions, stackDir: string, addresses: readonly string[]): Promise<string> {
  const { interrupts } = ctx;
  return ctx.progress.step(
    'terraform plan',
    async () => {
      const args = ['plan', '-input=false', '-no-color', `-out=${options.planFile}`, ...addresses.map((a) => `-replace=${a}`)];
      const result = await runTerraform(args, { cwd: stackDir, env: ctx.env, onOutput: ctx.log.write, interrupts });
      interrupts.check('during terraform plan');
      if (result.code !== 0) {
        const advice = isStateLockError(result.output) ? `\n${stateLockAdvice(ctx.env)}` : '';
        throw new Error(`terraform plan failed (${exitOf(result)}):\n${errorBlock(result.output)}${advice}`);
      }
      return planLine(result.output) ?? 'planned';
    },
    (line) => `${line} Saved to ${options.planFile}`,
  );
}

/** Writes the plan's record beside the saved plan. */
function recordPlan(
  options: PlanStepOptions,
  { stack, choice, problems }: { stack: SynthesizedStack; choice: RepairChoice; problems: readonly PlanProblem[] },
): PlanRecord {
  const record: PlanRecord = {
    version: 1,
    stack: stack.name,
    synth: stack.output.digest(),
    createdAt: new Date().toISOString(),
    remove: choice.remove,
    ...(options.repair === 'all' ? { all: true } : {}),
    ...(options.allowMassRemoval ? { allowMassRemoval: true } : {}),
    ...(problems.length > 0 ? { allowFailures: true } : {}),
  };
  writePlanRecord(options.planFile, record);
  return record;
}
