import type { Deployed, DriftContext, DriftFacet, RepairTarget } from './facet';

/** A facet with the desired state of every construct that feeds it. */
export interface FacetDesired<S = unknown> {
  readonly facet: DriftFacet<S, unknown, unknown>;
  readonly sets: readonly S[];
}

/** The desired state of a stack, by facet id, in the order of the kinds that feed them. */
export type DesiredByFacet = ReadonlyMap<string, FacetDesired>;

/** One facet's part of a drift report. */
export interface FacetReport<R = unknown> {
  readonly facet: DriftFacet<unknown, unknown, R>;
  readonly report: R;
}

export interface DriftReport {
  readonly inSync: boolean;
  /** By facet id, in the order of the desired state. */
  readonly facets: ReadonlyMap<string, FacetReport>;
}

export function reportOf(facets: ReadonlyMap<string, FacetReport>): DriftReport {
  return { inSync: [...facets.values()].every((f) => f.facet.inSync(f.report)), facets };
}

/** Compares each facet's desired state with what it read. Pure. */
export function compareFacets(desired: DesiredByFacet, live: ReadonlyMap<string, unknown>, context: DriftContext): DriftReport {
  const facets = new Map<string, FacetReport>();
  for (const [id, { facet, sets }] of desired) facets.set(id, { facet, report: facet.compare(sets, live.get(id), context) });
  return reportOf(facets);
}

/**
 * The drift that the code's own changes do not explain, per facet (see DriftFacet.outsideTheCode):
 * only that is repaired (`-replace`) and listed as a repair.
 */
export function driftOutsideTheCode(report: DriftReport, deployed: Deployed, desired: DesiredByFacet): DriftReport {
  const facets = new Map<string, FacetReport>();
  for (const [id, { facet, report: part }] of report.facets) {
    facets.set(id, { facet, report: facet.outsideTheCode(part, deployed, desired.get(id)?.sets ?? []) });
  }
  return reportOf(facets);
}

/** The instances to replace so that their create steps repair the drift found, each once, in report order. */
export function repairTargets(report: DriftReport, desired: DesiredByFacet): RepairTarget[] {
  const targets = new Map<string, RepairTarget>();
  for (const [id, { facet, report: part }] of report.facets) {
    for (const t of facet.repairTargets(part, desired.get(id)?.sets ?? []))
      targets.set(JSON.stringify([t.constructPath, t.instanceKey]), t);
  }
  return [...targets.values()];
}

/** `drift --json`: `inSync`, then each facet's fields (`users`, `outsiders`, `groups`, `policies`) when the stack has constructs of it. */
export interface DriftJson {
  readonly inSync: boolean;
  readonly [field: string]: unknown;
}

/** The report as `drift --json` prints it. */
export function driftJson(report: DriftReport): DriftJson {
  const out: Record<string, unknown> = { inSync: report.inSync };
  for (const { facet, report: part } of report.facets.values()) Object.assign(out, facet.json(part));
  return out as DriftJson;
}
