import { z } from 'zod';
import { writeRepairs, type Repairs } from '../../engine/repairs';
import type { SynthOutput } from '../../synth/reader';
import { applyCounts } from '../cdktf';
import { InterruptedError } from '../interrupts';
import { errorBlock, exitOf, isStalePlan, isStateLockError, runTerraform, terraformShowJson } from '../terraform';
import { rewritePlanRecord, type PlanRecord } from './plan-record';
import type { RunContext } from './run';
import type { SynthesizedStack } from './synth';
import { stateLockAdvice } from './terraform-steps';
import { readDeployMarker, writeDeployMarker } from './deploy-marker';

const PlanChanges = z.object({
  resource_changes: z
    .array(
      z.object({
        mode: z.string().optional(),
        module_address: z.string().optional(),
        type: z.string(),
        name: z.string(),
        index: z.union([z.string(), z.number()]).optional(),
        action_reason: z.string().optional(),
        change: z.object({ actions: z.array(z.string()) }),
      }),
    )
    .optional(),
});

/**
 * The engine's repairs for applying a saved plan, derived from the plan itself: every instance
 * Terraform replaces on request (`action_reason: replace_by_request`, what `-replace` asked) is
 * reconciled whole, and the users outside the data that the plan's record assigns to an instance
 * get the removal policy, if and only if the plan creates that instance. So nothing reaches Domo
 * that the plan and its summary did not show. Undefined when the plan repairs nothing.
 */
export function repairsOfPlan(planJson: unknown, output: SynthOutput, record: PlanRecord): Repairs | undefined {
  const parsed = PlanChanges.safeParse(planJson);
  if (!parsed.success) throw new Error(`the saved plan is not a Terraform plan (terraform show -json):\n${z.prettifyError(parsed.error)}`);
  const instances: NonNullable<Repairs['instances']> = [];
  for (const rc of parsed.data.resource_changes ?? []) {
    if ((rc.mode !== undefined && rc.mode !== 'managed') || rc.module_address || !rc.change.actions.includes('create')) continue;
    const construct = output.byResource(rc.type, rc.name);
    if (!construct || rc.index === undefined) continue;
    const key = String(rc.index);
    const remove = record.remove.find((r) => r.manifestDir === construct.manifestDir && r.key === key)?.userNames;
    if (rc.action_reason === 'replace_by_request' || remove) {
      instances.push({ manifestDir: construct.manifestDir, key, ...(remove ? { remove } : {}) });
    }
  }
  if (instances.length === 0 && !record.all) return undefined;
  return { ...(record.all ? { all: true } : {}), instances };
}

export interface AppliedPlan {
  readonly added: number;
  readonly changed: number;
  readonly destroyed: number;
}

/** Terraform's lines about an interrupt, shown even when the log is not streamed. */
const INTERRUPT_LINES =
  /^(Interrupt received\.|Please wait for Terraform to exit|Gracefully shutting down|Stopping operation|Two interrupts received).*$/gm;

/**
 * Applies a saved plan exactly (`terraform apply <file>`) with the repairs derived from it, then
 * verifies: the deploy succeeds only when Terraform reported a completed apply AND a follow-up
 * `terraform plan -detailed-exitcode` shows no changes (a plan with changes is printed). A killed
 * Terraform, an interrupted one, a stale plan or a failed apply each end the run with a message
 * saying what happened and what to do.
 */
export async function applyPlan(
  ctx: RunContext,
  stack: SynthesizedStack,
  planFile: string,
  record: PlanRecord,
  planJson?: unknown,
): Promise<AppliedPlan> {
  const { stackDir, output } = stack;
  const json = planJson ?? (await terraformShowJson(planFile, { cwd: stackDir, env: ctx.env, onOutput: ctx.log.write }));
  const repairs = repairsOfPlan(json, output, record);
  // What Terraform refusing the plan as stale is told by: the record before this attempt, and the folder's last apply.
  const before = { record, appliedAt: readDeployMarker(ctx.projectDir, stack.name)?.appliedAt };
  writeRepairs(stackDir, repairs);
  let applied: AppliedPlan;
  const started = rewritePlanRecord(planFile, { ...record, applyStartedAt: new Date().toISOString() });
  try {
    applied = await ctx.progress.step(
      'terraform apply',
      async () => {
        const onOutput = (text: string) => {
          ctx.log.write(text);
          for (const line of text.match(INTERRUPT_LINES) ?? []) ctx.progress.line(`  terraform: ${line}`);
        };
        const result = await runTerraform(['apply', '-input=false', '-no-color', planFile], {
          cwd: stackDir,
          env: ctx.env,
          onOutput,
          interrupts: ctx.interrupts,
        });
        // Refused before applying anything: the plan's record says it was never applied, as before.
        if (isStalePlan(result.output) || isStateLockError(result.output)) rewritePlanRecord(planFile, record);
        return verdictOfApply(ctx, result, { planFile, ...before });
      },
      (a) => `${a.added} added, ${a.changed} changed, ${a.destroyed} destroyed`,
    );
  } finally {
    writeRepairs(stackDir, undefined);
  }
  rewritePlanRecord(planFile, { ...started, appliedAt: new Date().toISOString() });
  writeDeployMarker(ctx.projectDir, stack.name);
  await ctx.progress.step(
    'verify',
    () => verifyNoChanges(ctx, stackDir),
    () => 'a new plan has no changes',
  );
  return applied;
}

/** The saved plan and what was known of applies before this attempt. */
export interface PlanHistory {
  readonly planFile: string;
  readonly record: PlanRecord;
  /** The last completed apply of the stack from this project folder (the deploy marker). */
  readonly appliedAt?: string;
}

/**
 * Why Terraform refused the saved plan as stale (the state changed after the plan was made), told
 * apart: this plan was applied already; its own earlier apply failed part-way; another deploy
 * from this folder ran after it was made; or the state changed elsewhere. Only the first two
 * mean this plan was ever applied.
 */
export function stalePlanMessage({ planFile, record, appliedAt }: PlanHistory): string {
  const refused = 'so Terraform refused it and nothing was applied this time';
  const remake = 'Make a new plan (domo-identity plan --out), review it, and apply that one.';
  if (record.appliedAt !== undefined)
    return `the saved plan ${planFile} was applied already (${record.appliedAt}): a plan applies once, ${refused}. To change Domo again: ${remake}`;
  if (record.applyStartedAt !== undefined)
    return (
      `the saved plan ${planFile} is stale: its own apply started at ${record.applyStartedAt} did not finish (it failed or was interrupted) and changed the state, ${refused}. ` +
      `${remake} It shows what that apply left undone.`
    );
  const by =
    appliedAt !== undefined && appliedAt > record.createdAt
      ? `another deploy from this folder changed the state at ${appliedAt}, after this plan was made (${record.createdAt})`
      : `the state changed after this plan was made (${record.createdAt}), by a deploy that did not run from this folder (another checkout, a CI job, cdktf deploy)`;
  return `the saved plan ${planFile} is stale: ${by}, ${refused}. This plan was never applied. ${remake}`;
}

function verdictOfApply(ctx: RunContext, result: Awaited<ReturnType<typeof runTerraform>>, history: PlanHistory): AppliedPlan {
  const counts = applyCounts(result.output);
  if (ctx.interrupts.interrupted) {
    throw new InterruptedError(
      `interrupted: Terraform stopped (${exitOf(result)}) and wrote its state; instances it did not finish are tainted. ` +
        'Nothing is lost: run domo-identity deploy again to finish (it reconciles them).',
    );
  }
  if (result.signal) {
    throw new Error(
      `terraform was ${result.signal === 'SIGKILL' ? 'killed' : `stopped by ${result.signal}`} during the apply: the deploy did not finish, and the state may be incomplete or empty. ` +
        'Run domo-identity deploy again: it checks the state first and says how to restore it if it was lost.',
    );
  }
  if (isStalePlan(result.output)) throw new Error(stalePlanMessage(history));
  if (result.code !== 0) {
    const advice = isStateLockError(result.output) ? `\n${stateLockAdvice(ctx.env)}` : '';
    throw new Error(
      `terraform apply failed (${exitOf(result)}):\n${errorBlock(result.output)}${advice}\nSee the log for every instance's output; run domo-identity deploy again once the cause is fixed.`,
    );
  }
  if (!counts)
    throw new Error(
      'terraform apply exited 0 without reporting "Apply complete!": the deploy is not known to be done; run domo-identity deploy again.',
    );
  return counts;
}

/** `terraform plan -detailed-exitcode` after the apply: 0 no changes; 2 changes (printed), a failure. */
async function verifyNoChanges(ctx: RunContext, stackDir: string): Promise<void> {
  const result = await runTerraform(['plan', '-input=false', '-no-color', '-detailed-exitcode'], {
    cwd: stackDir,
    env: ctx.env,
    onOutput: ctx.log.write,
    interrupts: ctx.interrupts,
  });
  ctx.interrupts.check('during the verifying plan');
  if (result.code === 0) return;
  if (result.code === 2) {
    ctx.progress.line(`The plan after the apply still has changes:\n${result.output.trim()}`);
    throw new Error(
      'the apply did not converge: a new terraform plan after it still has changes (printed above). Run domo-identity deploy again.',
    );
  }
  throw new Error(`the verifying terraform plan failed (${exitOf(result)}):\n${errorBlock(result.output)}`);
}
