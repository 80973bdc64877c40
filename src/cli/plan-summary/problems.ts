import type { PlanProblem } from '../../plan/checks';
import { WARNING_RANK, type RankedWarning } from '../../plan/section';
import type { LayoutSection } from '../../report/layout';
import { escapeText } from '../../report/markdown';
import { plural } from '../../report/words';

export const PROBLEMS_HEADING = '### Cannot be applied · Domo lacks what the deploy needs';

/**
 * What the deploy will need from Domo that Domo lacks, one row per problem (construct, user or
 * name, what is missing, how to fix it). `saved`: the plan was saved anyway (`--allow-failures`),
 * so these are the writes that will fail when it is deployed.
 */
export function problemsSection(problems: readonly PlanProblem[], saved: boolean): LayoutSection {
  const what = saved
    ? 'Saved with `--allow-failures`: the writes below **will fail** when this plan is deployed (the instances that need them fail; the rest applies).'
    : 'No plan was saved: fix these, then plan again (or plan with `--allow-failures` to save it anyway).';
  return {
    heading: [PROBLEMS_HEADING, '', what],
    blocks: [
      {
        lines: ['| Construct | User or name | Missing | Fix |', '| --- | --- | --- | --- |'],
        items: problems.map(
          (p) => `| ${escapeText(p.construct)} | ${escapeText(p.subject)} | ${escapeText(p.missing)} | ${escapeText(p.fix)} |`,
        ),
        itemUnit: 'problem',
      },
    ],
  };
}

/** The warning that heads a summary saved with problems: these writes will fail. */
export function problemsWarning(problems: readonly PlanProblem[]): RankedWarning {
  return {
    rank: WARNING_RANK.failures,
    count: problems.length,
    text: `**${plural(problems.length, 'write')} will fail** at deploy: Domo lacks what ${problems.length === 1 ? 'it needs' : 'they need'} (see _Cannot be applied_)`,
  };
}
