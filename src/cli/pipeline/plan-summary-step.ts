import type { Authority } from '../../domo/api/schemas';
import type { PlanProblem } from '../../plan/checks';
import { DEFAULT_MAX_CHARS } from '../../report/layout';
import { plural } from '../../report/words';
import type { DriftResult } from '../drift/run-drift';
import { currentValuesOf } from '../plan-summary/current';
import { readManifests } from '../plan-summary/manifests';
import { repairsSection } from '../plan-summary/repairs';
import { planSummary, type PlanSummary } from '../plan-summary/summarize';
import type { PlanStepOptions } from './plan';
import type { RepairChoice } from './repair-choice';
import type { SynthesizedStack } from './synth';

/** What `plan` tells a reviewer: the Markdown summary and the one-line account of its repairs. */

export interface SummaryInput {
  readonly stack: SynthesizedStack;
  readonly planJson: unknown;
  readonly choice: RepairChoice;
  readonly problems: readonly PlanProblem[];
  readonly grantTitles: ReadonlyMap<string, string>;
  readonly drift?: DriftResult;
}

/** Each grant's title by id, from the list the checks read (none read: none known). */
export function titlesOf(grants: readonly Authority[] | undefined): ReadonlyMap<string, string> {
  return new Map((grants ?? []).flatMap((g) => (g.title ? [[g.authority, g.title] as const] : [])));
}

/** The Markdown summary: what will fail (saved with --allow-failures), data changes, then repairs with what Domo holds now. */
export function summarize(options: PlanStepOptions, input: SummaryInput): PlanSummary {
  const { report, addresses, only } = input.choice;
  const repairs = report ? repairsSection({ report, replaced: addresses.length, only }) : undefined;
  return planSummary(input.planJson, {
    maxChars: options.maxChars ?? DEFAULT_MAX_CHARS,
    allowMassRemoval: options.allowMassRemoval ?? false,
    manifests: readManifests(input.stack.stackDir),
    problems: input.problems,
    grantTitles: input.grantTitles,
    ...(input.drift ? { current: currentValuesOf(input.drift.live) } : {}),
    ...(repairs ? { repairs } : {}),
  });
}

/** One line of the repairs, or undefined when there are none to tell. */
export function repairsLineOf(options: PlanStepOptions, choice: RepairChoice): string | undefined {
  const outside = choice.outside;
  const parts = [
    choice.addresses.length > 0 && options.repair !== 'all' && `${plural(choice.addresses.length, 'instance')} replaced to repair drift`,
    outside > 0 && `${plural(outside, 'user')} outside the data get the removal policy`,
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : undefined;
}
