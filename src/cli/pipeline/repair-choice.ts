import {
  driftOutsideTheCode,
  outsiderRepairs,
  repairTargets,
  type DesiredState,
  type DriftReport,
  type DriftResult,
  type OutsiderDrift,
  type RepairTarget,
} from '../drift';
import { instanceAddresses } from '../managed-instances';
import type { Progress } from './run';
import type { PlanRecord } from './plan-record';
import type { RepairScope } from './plan';
import type { StackState } from './state';
import type { SynthesizedStack } from './synth';

/** What a plan repairs: the instances it replaces and the users outside the data it removes. */
export interface RepairChoice {
  /** The drift changed in Domo outside the code; undefined without a drift check. */
  readonly report?: DriftReport;
  /** Users outside the data that an instance's removal policy covers. */
  readonly outsiders: OutsiderDrift[];
  readonly remove: PlanRecord['remove'];
  /** Terraform addresses to `-replace`. */
  readonly addresses: string[];
  /** Whether a construct's path passes `--only`. */
  readonly only: (path: string) => boolean;
}

export interface RepairChoiceInput {
  readonly repair: RepairScope;
  readonly only?: string;
  readonly stack: SynthesizedStack;
  readonly state: StackState;
  readonly desired: DesiredState;
  readonly drift?: DriftResult;
  readonly progress: Progress;
}

/** The instances to replace and the outsiders to remove, announcing the repairs (not a full reconcile). */
export function chooseRepairs(input: RepairChoiceInput): RepairChoice {
  const { repair, stack, state, desired, drift, progress } = input;
  const only = (path: string) => !input.only || path.includes(input.only);
  // Only what was changed in Domo outside the code is a repair; the plan makes the code's own changes anyway.
  const report = drift ? driftOutsideTheCode(drift.report, state.deployed, desired.policies) : undefined;
  const targets = initialTargets(input, report, only);
  const { remove, outsiders } = report
    ? addOutsiderRepairs({ ...input, report, targets, only })
    : { remove: [] as PlanRecord['remove'], outsiders: [] as OutsiderDrift[] };
  // An instance the state does not hold is created anyway, and a created instance is reconciled whole.
  const replaced = repair === 'all' ? targets : targets.filter((t) => state.deployed.instance(t.constructPath, t.instanceKey));
  const addresses = instanceAddresses(stack.stackDir, replaced);
  if (addresses.length > 0 && repair !== 'all')
    progress.line(`Repairing ${addresses.length} instance(s) by replacing them:\n${addresses.map((a) => `  ${a}`).join('\n')}`);
  return { ...(report ? { report } : {}), outsiders, remove, addresses, only };
}

function initialTargets(input: RepairChoiceInput, report: DriftReport | undefined, only: (path: string) => boolean): RepairTarget[] {
  if (input.repair === 'all') {
    return input.stack.output.constructs
      .filter((c) => only(c.path))
      .flatMap((c) => Object.keys(c.instances).map((instanceKey) => ({ constructPath: c.path, instanceKey })));
  }
  return report ? repairTargets(input.desired, report).filter((t) => only(t.constructPath)) : [];
}

interface OutsiderInput extends Omit<RepairChoiceInput, 'only'> {
  readonly report: DriftReport;
  /** Extended in place with the instances whose removal policy covers an outsider. */
  readonly targets: RepairTarget[];
  readonly only: (path: string) => boolean;
}

/** Gives each user outside the data to an instance whose removal policy takes its values away. */
function addOutsiderRepairs(input: OutsiderInput): { remove: PlanRecord['remove']; outsiders: OutsiderDrift[] } {
  const { desired, report, targets, only, state, stack, progress } = input;
  const remove: PlanRecord['remove'] = [];
  const assigned = outsiderRepairs(desired, report, targets, (c) => state.usersByConstruct.get(c) ?? new Set());
  for (const repair of assigned.repairs.filter((r) => only(r.constructPath))) {
    const entry = stack.output.constructs.find((c) => c.path === repair.constructPath)!;
    remove.push({ manifestDir: entry.manifestDir, key: repair.instanceKey, userNames: [...repair.userNames] });
    if (!targets.some((t) => t.constructPath === repair.constructPath && t.instanceKey === repair.instanceKey)) targets.push(repair);
  }
  const removed = new Set(assigned.repairs.flatMap((r) => r.userNames.map((n) => `${r.constructPath}\0${n}`)));
  const outsiders = report.outsiders.filter((o) => removed.has(`${o.construct}\0${o.userName}`));
  for (const o of assigned.unassigned)
    progress.line(
      `! ${o.userName} is outside the data of ${o.construct} and holds its values, but the construct has no instance to repair them with`,
    );
  return { remove, outsiders };
}
