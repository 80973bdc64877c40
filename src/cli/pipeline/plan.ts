import { z } from 'zod';
import { ConfigError } from '../../errors';
import { preflight } from '../doctor/preflight';
import {
  driftOutsideTheCode,
  loadDesiredState,
  outsiderRepairs,
  repairTargets,
  runDrift,
  summarizeDrift,
  type DriftResult,
  type OutsiderDrift,
  type RepairTarget,
} from '../drift';
import { instanceAddresses } from '../managed-instances';
import { currentValuesOf, plural, readManifests, repairsSection, summarizePlan } from '../plan-summary';
import { parseEnv, ScimTokenVariable } from '../../config/command-env';
import { errorBlock, exitOf, isStateLockError, planLine, runTerraform, terraformShowJson } from '../terraform';
import { writePlanRecord, type PlanRecord } from './plan-record';
import type { RunContext } from './run';
import { checkState, readStackState } from './state';
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
}

export interface PlannedStack {
  readonly stack: SynthesizedStack;
  readonly record: PlanRecord;
  /** `terraform show -json` of the saved plan. */
  readonly planJson: unknown;
  /** The Markdown summary: data changes, then repairs. */
  readonly summary: string;
  /** `Plan: 1 to add, 0 to change, 1 to destroy.` or `No changes.` */
  readonly planLine: string;
  /** `2 instances replaced to repair drift; 30 users outside the data get the removal policy`, or undefined. */
  readonly repairsLine?: string;
}

const TokenEnv = z.object({ DOMO_SCIM_TOKEN: ScimTokenVariable });

/**
 * The plan of a `domo-identity plan` or `deploy`, step by step, each a progress line:
 * synth (honest reads: the run's own synth, never an older cdktf.out), preflight (read-only:
 * token, keys, roles), `terraform init`, the state as Terraform holds it, the drift check (one
 * listing), the state check (a lost or truncated state stops here), then
 * `terraform plan -out` with `-replace` for the instances that repair drift. The plan's record
 * (synth digest, users outside the data per instance) is written beside it, and the summary
 * shows data changes and, separately, each repair with what Domo holds now.
 */
export async function planStack(ctx: RunContext, options: PlanStepOptions): Promise<PlannedStack> {
  const { DOMO_SCIM_TOKEN: token } = parseEnv(undefined, TokenEnv, ctx.env);
  const { progress, interrupts } = ctx;
  const stack = await progress.step(
    'synth',
    () => synthesize(ctx, options.stack),
    (s) => `stack ${s.name}, ${plural(s.output.constructs.length, 'construct')}`,
  );
  const { output, stackDir } = stack;
  interrupts.check('after synth');
  await progress.step(
    'preflight',
    () => preflight({ output, token }),
    (r) => `token accepted${r.keys + r.roles > 0 ? `; ${plural(r.keys, 'key')} and ${plural(r.roles, 'role')} exist` : ''}`,
  );
  interrupts.check('after preflight');
  await progress.step('terraform init', () => terraformInit(ctx, stackDir));
  const state = await progress.step(
    'state',
    async () => readStackState(await terraformShowJson(undefined, { cwd: stackDir, env: ctx.env, onOutput: ctx.log.write }), output),
    (s) => `${plural(s.instances, 'instance')} of this stack in Terraform's state`,
  );
  interrupts.check('after reading the state');

  let drift: DriftResult | undefined;
  if (options.repair !== 'none') {
    drift = await progress.step(
      'drift check',
      () => runDrift({ stackDir, token }),
      (d) => summarizeDrift(d.report),
    );
    interrupts.check('after the drift check');
  }
  const desired = drift?.desired ?? loadDesiredState(stackDir).state;
  if (!options.allowEmptyState) checkState({ stackDir, state, desired, ...(drift ? { live: drift.live } : {}) });

  const only = (path: string) => !options.only || path.includes(options.only);
  // Only what was changed in Domo outside the code is a repair; the plan makes the code's own changes anyway.
  const report = drift ? driftOutsideTheCode(drift.report, state.deployed, desired.policies) : undefined;
  let targets: RepairTarget[] = [];
  let outsiders: OutsiderDrift[] = [];
  const remove: PlanRecord['remove'] = [];
  if (options.repair === 'all') {
    targets = output.constructs
      .filter((c) => only(c.path))
      .flatMap((c) => Object.keys(c.instances).map((instanceKey) => ({ constructPath: c.path, instanceKey })));
  } else if (report) {
    targets = repairTargets(desired, report).filter((t) => only(t.constructPath));
  }
  if (report) {
    const assigned = outsiderRepairs(desired, report, targets, (c) => state.usersByConstruct.get(c) ?? new Set());
    for (const repair of assigned.repairs.filter((r) => only(r.constructPath))) {
      const entry = output.constructs.find((c) => c.path === repair.constructPath)!;
      remove.push({ manifestDir: entry.manifestDir, key: repair.instanceKey, userNames: [...repair.userNames] });
      if (!targets.some((t) => t.constructPath === repair.constructPath && t.instanceKey === repair.instanceKey)) targets.push(repair);
    }
    const removed = new Set(assigned.repairs.flatMap((r) => r.userNames.map((n) => `${r.constructPath}\0${n}`)));
    outsiders = report.outsiders.filter((o) => removed.has(`${o.construct}\0${o.userName}`));
    for (const o of assigned.unassigned)
      progress.line(
        `! ${o.userName} is outside the data of ${o.construct} and holds its values, but the construct has no instance to repair them with`,
      );
  }
  // An instance the state does not hold is created anyway, and a created instance is reconciled whole.
  const replaced = options.repair === 'all' ? targets : targets.filter((t) => state.deployed.instance(t.constructPath, t.instanceKey));
  const addresses = instanceAddresses(stackDir, replaced);
  if (addresses.length > 0 && options.repair !== 'all')
    progress.line(`Repairing ${addresses.length} instance(s) by replacing them:\n${addresses.map((a) => `  ${a}`).join('\n')}`);

  const planned = await progress.step(
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
  const planJson = await terraformShowJson(options.planFile, { cwd: stackDir, env: ctx.env, onOutput: ctx.log.write });
  const record: PlanRecord = {
    version: 1,
    stack: stack.name,
    synth: output.digest(),
    createdAt: new Date().toISOString(),
    remove,
    ...(options.repair === 'all' ? { all: true } : {}),
  };
  writePlanRecord(options.planFile, record);
  const repairs = report ? repairsSection({ report, outsiders, replaced: addresses.length, only }) : undefined;
  const summary = summarizePlan(planJson, {
    maxChars: options.maxChars ?? 60_000,
    manifests: readManifests(stackDir),
    ...(drift ? { current: currentValuesOf(drift.live) } : {}),
    ...(repairs ? { repairs } : {}),
  });
  if (options.repair === 'all' && addresses.length === 0) throw new ConfigError('reconcile: the stack has no instance to reconcile');
  const outside = new Set(outsiders.map((o) => o.userName.toLowerCase())).size;
  const repairsLine = [
    addresses.length > 0 && options.repair !== 'all' && `${plural(addresses.length, 'instance')} replaced to repair drift`,
    outside > 0 && `${plural(outside, 'user')} outside the data get the removal policy`,
  ].filter(Boolean);
  return {
    stack,
    record,
    planJson,
    summary,
    planLine: planned,
    ...(repairsLine.length > 0 ? { repairsLine: repairsLine.join('; ') } : {}),
  };
}
