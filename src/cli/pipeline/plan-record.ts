import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError } from '../../errors';

/**
 * `<plan file>.repairs.json`, written by `domo-identity plan --out <plan file>` beside the plan:
 * what the plan itself cannot carry. `deploy --plan` reads it to check that the synthesized files
 * are the ones the plan was made from, and to hand the engine the users outside the data that
 * the plan's summary listed. Nothing in it is a secret.
 */
export const PLAN_RECORD_SUFFIX = '.repairs.json';

export const PlanRecord = z.object({
  version: z.literal(1),
  /** The stack the plan is for. */
  stack: z.string(),
  /** SynthOutput.digest() of the files the plan was made from. */
  synth: z.string(),
  createdAt: z.string(),
  /** Users outside the data, per instance whose create step applies the removal policy to them (if the plan creates it). */
  remove: z.array(z.object({ manifestDir: z.string(), key: z.string(), userNames: z.array(z.string()) })),
  /** Every instance was replaced to re-verify everything (`reconcile`). */
  all: z.boolean().optional(),
  /** Made with --allow-mass-removal: the reviewed plan may take from more users than a construct's limit. */
  allowMassRemoval: z.boolean().optional(),
  /** Saved with --allow-failures while Domo lacked what some writes need: the reviewed summary said they will fail. */
  allowFailures: z.boolean().optional(),
  /** When `deploy --plan` started Terraform's apply of this plan (absent: the plan was never applied). */
  applyStartedAt: z.string().optional(),
  /** When Terraform completed the apply of this plan. */
  appliedAt: z.string().optional(),
});
export type PlanRecord = z.infer<typeof PlanRecord>;

export function planRecordFile(planFile: string): string {
  return `${planFile}${PLAN_RECORD_SUFFIX}`;
}

export function writePlanRecord(planFile: string, record: PlanRecord): void {
  const file = planRecordFile(planFile);
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, `${JSON.stringify(record, null, 2)}\n`);
  fs.renameSync(tmp, file);
}

/**
 * Rewrites the record of a saved plan as its deploy goes (`applyStartedAt`, `appliedAt`), so that
 * Terraform refusing the plan later can say whether this plan itself changed the state. A record
 * that cannot be written (a read-only artifact) does not stop the deploy: the stale message then
 * falls back to what the project folder's deploy marker knows.
 */
export function rewritePlanRecord(planFile: string, record: PlanRecord): PlanRecord {
  try {
    writePlanRecord(planFile, record);
  } catch {
    // Best effort, as said above.
  }
  return record;
}

/** The record beside a saved plan; a ConfigError (exit 2) saying what to do when it is missing or broken. */
export function readPlanRecord(planFile: string): PlanRecord {
  const file = planRecordFile(planFile);
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    throw new ConfigError(
      `--plan ${planFile}: ${file} cannot be read (${(e as Error).message}). domo-identity plan --out writes it beside the plan: ` +
        `keep the two files together (e.g. in one CI artifact), or make a new plan with domo-identity plan --out.`,
    );
  }
  const parsed = PlanRecord.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      `--plan ${planFile}: ${file} is not a plan record of this version of domo-identity:\n${z.prettifyError(parsed.error)}`,
    );
  }
  return parsed.data;
}
