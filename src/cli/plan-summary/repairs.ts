import type { DriftReport } from '../../drift/report';
import type { Block, LayoutSection } from '../../report/layout';
import { plural } from '../../report/words';

/** What a plan repairs beyond its data changes: the drift it was made to undo. */
export interface RepairsInput {
  /** The drift the plan repairs, outsiders narrowed to those the deploy applies the removal policy to. */
  readonly report: DriftReport;
  /** Instances replaced on request (`-replace`) to repair. */
  readonly replaced: number;
  /** Constructs this plan repairs (after `--only`); @default every construct */
  readonly only?: (constructPath: string) => boolean;
}

/**
 * The "Repairs" section of a plan summary: each user and group the plan repairs, with what differs
 * in Domo now (old → new, Domo's value first) and why; separate from the data changes, which are
 * what the code changes.
 */
export function repairsSection(input: RepairsInput): LayoutSection | undefined {
  const only = input.only ?? (() => true);
  const rows = [...input.report.facets.values()].flatMap(({ facet, report }) => facet.repairRows(report, only));
  if (rows.length === 0 && input.replaced === 0) return undefined;
  const blocks: Block[] =
    rows.length > 0
      ? [{ lines: ['| Repaired | In Domo now → after the deploy | Why |', '| --- | --- | --- |'], items: rows, itemUnit: 'repair' }]
      : [];
  return {
    heading: [
      '### Repairs · changes made outside the code',
      '',
      `${plural(input.replaced, 'instance')} replaced on request (\`-replace\`) so that ${input.replaced === 1 ? 'its handler reconciles' : 'their handlers reconcile'} Domo with the code; nothing else of theirs changes.`,
    ],
    blocks,
  };
}
