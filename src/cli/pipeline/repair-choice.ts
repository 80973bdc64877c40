import type { RepairTarget } from '../../drift/facet';
import { driftOutsideTheCode, reportOf, repairTargets, type DesiredByFacet, type DriftReport, type FacetReport } from '../../drift/report';
import type { DriftResult } from '../drift/run-drift';
import { instanceAddresses } from '../managed-instances';
import type { Progress } from './run';
import type { PlanRecord } from './plan-record';
import type { RepairScope } from './plan';
import type { StackState } from './state';
import type { SynthesizedStack } from './synth';

/** What a plan repairs: the instances it replaces and the identities outside the data it removes. */
export interface RepairChoice {
  /** The drift changed in Domo outside the code, outsiders narrowed to those a removal covers; undefined without a drift check. */
  readonly report?: DriftReport;
  /** Identities outside the data that an instance's removal policy covers. */
  readonly outside: number;
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
  readonly desired: DesiredByFacet;
  readonly drift?: DriftResult;
  readonly progress: Progress;
}

/** The instances to replace and the outsiders to remove, announcing the repairs (not a full reconcile). */
export function chooseRepairs(input: RepairChoiceInput): RepairChoice {
  const { repair, stack, state, desired, drift, progress } = input;
  const only = (path: string) => !input.only || path.includes(input.only);
  // Only what was changed in Domo outside the code is a repair; the plan makes the code's own changes anyway.
  const outside = drift ? driftOutsideTheCode(drift.report, state.deployed, desired) : undefined;
  const targets = initialTargets(input, outside, only);
  const assigned = outside ? assignOutsiders({ ...input, report: outside, targets, only }) : undefined;
  // An instance the state does not hold is created anyway, and a created instance is reconciled whole.
  const replaced = repair === 'all' ? targets : targets.filter((t) => state.deployed.instance(t.constructPath, t.instanceKey));
  const addresses = instanceAddresses(stack.stackDir, replaced);
  if (addresses.length > 0 && repair !== 'all')
    progress.line(`Repairing ${addresses.length} instance(s) by replacing them:\n${addresses.map((a) => `  ${a}`).join('\n')}`);
  return {
    ...(assigned ? { report: assigned.report } : {}),
    outside: assigned?.outside ?? 0,
    remove: assigned?.remove ?? [],
    addresses,
    only,
  };
}

function initialTargets(input: RepairChoiceInput, report: DriftReport | undefined, only: (path: string) => boolean): RepairTarget[] {
  if (input.repair === 'all') {
    return input.stack.output.constructs
      .filter((c) => only(c.path))
      .flatMap((c) => Object.keys(c.instances).map((instanceKey) => ({ constructPath: c.path, instanceKey })));
  }
  return report ? repairTargets(report, input.desired).filter((t) => only(t.constructPath)) : [];
}

interface OutsiderInput extends Omit<RepairChoiceInput, 'only'> {
  readonly report: DriftReport;
  /** Extended in place with the instances whose removal policy covers an outsider. */
  readonly targets: RepairTarget[];
  readonly only: (path: string) => boolean;
}

/** Gives each identity outside the data to an instance whose removal policy takes its values away, facet by facet. */
function assignOutsiders(input: OutsiderInput): { report: DriftReport; remove: PlanRecord['remove']; outside: number } {
  const { desired, report, targets, only, state, stack, progress } = input;
  const remove: PlanRecord['remove'] = [];
  const facets = new Map<string, FacetReport>();
  const outside = new Set<string>();
  for (const [id, part] of report.facets) {
    const assigned = part.facet.assignOutsiders?.(part.report, desired.get(id)?.sets ?? [], { targets, deployed: state.deployed, only });
    if (!assigned) {
      facets.set(id, part);
      continue;
    }
    facets.set(id, { facet: part.facet, report: assigned.report });
    for (const repair of assigned.repairs) {
      const entry = stack.output.constructs.find((c) => c.path === repair.constructPath)!;
      remove.push({ manifestDir: entry.manifestDir, key: repair.instanceKey, userNames: [...repair.userNames] });
      for (const n of repair.userNames) outside.add(n.toLowerCase());
      if (!targets.some((t) => t.constructPath === repair.constructPath && t.instanceKey === repair.instanceKey))
        targets.push({ constructPath: repair.constructPath, instanceKey: repair.instanceKey });
    }
    for (const o of assigned.unassigned)
      progress.line(
        `! ${o.userName} is outside the data of ${o.construct} and holds its values, but the construct has no instance to repair them with`,
      );
  }
  return { report: reportOf(facets), remove, outside: outside.size };
}
