import * as fs from 'node:fs';
import { analyzePlan } from '../plan-summary/analyze';
import type { ConstructManifests } from '../../plan/section';
import { refuseMassRemoval, type MassRemoval } from '../../plan/mass-removal';
import { planRecordFile } from './plan-record';

/**
 * The mass-removal guard of `plan` and `deploy`: refuses (exit 4) a plan that takes from more of a
 * construct's users than its limit unless the run allows it. A refused saved plan is deleted with
 * its record, so no one applies it by mistake.
 */
export function guardRemovals(removals: readonly MassRemoval[], options: { allowed: boolean; planFile?: string }): void {
  try {
    refuseMassRemoval(removals, options.allowed);
  } catch (e) {
    if (options.planFile !== undefined) {
      fs.rmSync(options.planFile, { force: true });
      fs.rmSync(planRecordFile(options.planFile), { force: true });
    }
    throw e;
  }
}

/** What a saved plan takes from each construct's users, read again from `terraform show -json`. */
export function removalsOfPlan(planJson: unknown, manifests: ConstructManifests): MassRemoval[] {
  return analyzePlan(planJson, { manifests }).sections.flatMap((s) => (s.removal ? [s.removal] : []));
}
