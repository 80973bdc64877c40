import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import type { AccessFacts, ConstructManifests, RankedWarning, TotalsPart } from '../../plan/section';
import { CLOSE_LINE_RESERVE, layout, type LayoutSection } from '../../report/layout';
import { code } from '../../report/markdown';
import { plural } from '../../report/words';
import { analyzePlan, type AnalyzedPlan, type OtherResources } from './analyze';
import type { CurrentValues } from './current';
import type { PlanProblem } from '../../plan/checks';
import { problemsSection, problemsWarning } from './problems';
import { removalLines, type MassRemoval } from '../../plan/mass-removal';

export interface SummarizeOptions {
  /** The report never exceeds this many characters (a GitHub comment holds 65,536). */
  readonly maxChars: number;
  /**
   * Construct manifests (removal policy, membership, construct path) by folder relative to the
   * stack folder, as `readManifests(stackDir)` returns them. @default - policies unknown: removals
   * are described "per the construct's removal policy"
   */
  readonly manifests?: ConstructManifests;
  /** What Domo holds now, the old side of instances new to Terraform. @default - they show as new */
  readonly current?: CurrentValues;
  /** The plan's repairs of drift (see repairsSection), shown after the data changes. @default - none */
  readonly repairs?: LayoutSection;
  /**
   * What the deploy will need that Domo lacks, in a plan saved anyway (`--allow-failures`): shown
   * first, with a warning and in the totals, as the writes that will fail. @default - none
   */
  readonly problems?: readonly PlanProblem[];
  /**
   * Domo's grant titles by grant id, as the plan's checks listed them (never read for the summary):
   * the access section names each grant a role gains or loses by both. @default - grants by id only
   */
  readonly grantTitles?: ReadonlyMap<string, string>;
  /** @default KINDS */
  readonly kinds?: readonly KindDefinition[];
  /** The run allows removals over a construct's limit (`--allow-mass-removal`): the summary says so. @default false */
  readonly allowMassRemoval?: boolean;
}

/** The summary, and its totals as plain text for a progress line. */
export interface PlanSummary {
  readonly markdown: string;
  /** `3 users changed, … · groups: …`, or `none`. */
  readonly totals: string;
  /** Per construct whose kind manages users and that changes: what the change takes from its users (the mass-removal guard's input). */
  readonly removals: readonly MassRemoval[];
}

export const TITLE = '## Domo identity plan';
/** Smallest budget that always fits the title, the totals, the warnings' count and the closing line. */
export const MIN_MAX_CHARS = 1000;
/** Warning lines listed at most; the rest are counted. */
export const MAX_WARNING_LINES = 30;

/**
 * The Markdown review summary of a plan (`terraform show -json` output): totals and risky-change
 * warnings in full, then one section per construct, cut to `maxChars` between rows and sections.
 */
export function summarizePlan(planJson: unknown, options: SummarizeOptions): string {
  return planSummary(planJson, options).markdown;
}

/** The summary of a plan that was not saved because it cannot be applied: the problems, for the pull request. */
export function cannotApplySummary(problems: readonly PlanProblem[], maxChars: number): string {
  const head = [TITLE, '', `**Cannot be applied:** ${plural(problems.length, 'problem')}; no plan was saved.`, ''];
  return layout(head, [problemsSection(problems, false)], maxChars);
}

export function planSummary(planJson: unknown, options: SummarizeOptions): PlanSummary {
  if (!Number.isInteger(options.maxChars) || options.maxChars < MIN_MAX_CHARS) {
    throw new RangeError(`maxChars must be a whole number of at least ${MIN_MAX_CHARS}; got ${options.maxChars}`);
  }
  const kinds = options.kinds ?? KINDS;
  const plan = analyzePlan(planJson, { ...options, kinds });
  const repairs = options.repairs ? [options.repairs] : [];
  const problems = options.problems ?? [];
  if (plan.sections.length === 0 && plan.other.resources.length === 0 && repairs.length === 0 && problems.length === 0)
    return { markdown: `${TITLE}\n\nNo changes.\n`, totals: 'none', removals: [] };
  const access = accessOf(plan, options.grantTitles);
  const warnings = [
    ...(problems.length > 0 ? [problemsWarning(problems)] : []),
    ...plan.sections.flatMap(({ kind, section }) => kind.plan.warnings(section)),
    ...access.flatMap((a) => a.warnings),
  ];
  const totals = [totalsOf(plan, kinds), ...(problems.length > 0 ? [`${plural(problems.length, 'write')} will fail`] : [])]
    .filter((t) => t !== '')
    .join(' · ');
  const removals = plan.sections.flatMap((s) => (s.removal ? [s.removal] : []));
  const top = [TITLE, '', `**Totals:** ${totals}`, ...removalLines(removals, options.allowMassRemoval ?? false)];
  const head = [...top, ...warningLines(sortWarnings(warnings), top, options.maxChars), ''];
  const sections = [
    ...(problems.length > 0 ? [problemsSection(problems, true)] : []),
    ...plan.sections.map(({ kind, section }) => kind.plan.render(section)),
    ...access.flatMap((a) => (a.section ? [a.section] : [])),
    ...otherSection(plan.other),
    ...repairs,
  ];
  return { markdown: layout(head, sections, options.maxChars), totals, removals };
}

/** Access analyses of the kinds that have one, over the memberships every kind reports. */
function accessOf(plan: AnalyzedPlan, grantTitles: ReadonlyMap<string, string> | undefined) {
  const facts: AccessFacts = { groups: new Map(), roles: new Map(), ...(grantTitles ? { grantTitles } : {}) };
  for (const [kind, constructs] of plan.constructs) for (const c of constructs) kind.plan.facts?.(c, facts);
  return [...plan.constructs].flatMap(([kind, constructs]) => (kind.plan.access ? [kind.plan.access(constructs, facts)] : []));
}

/**
 * Each totals part of the kinds (a part shared by kinds once), from the sections that count into it,
 * then other resources.
 */
function totalsOf(plan: AnalyzedPlan, kinds: readonly KindDefinition[]): string {
  const parts = new Map<string, { part: TotalsPart; sections: unknown[] }>();
  for (const kind of kinds) if (!parts.has(kind.plan.totals.id)) parts.set(kind.plan.totals.id, { part: kind.plan.totals, sections: [] });
  for (const { kind, section } of plan.sections) parts.get(kind.plan.totals.id)!.sections.push(section);
  const phrases = [...parts.values()]
    .sort((a, b) => a.part.order - b.part.order)
    .flatMap(({ part, sections }) => part.phrases(sections as never));
  const other = plan.other.resources.length;
  if (other > 0) phrases.push(`${plural(other, 'other resource')} changed`);
  return phrases.join(' · ');
}

/** Most dangerous first (WARNING_RANK), in the order found within a rank. */
function sortWarnings(warnings: readonly RankedWarning[]): RankedWarning[] {
  return warnings
    .map((w, i) => ({ w, i }))
    .sort((a, b) => a.w.rank - b.w.rank || a.i - b.i)
    .map(({ w }) => w);
}

const ACTION_WORDS: Record<string, string> = { 'create,delete': 'replace', 'delete,create': 'replace' };

function otherSection(other: OtherResources): LayoutSection[] {
  if (other.resources.length === 0) return [];
  const items = other.resources.map((r) => `- ${code(r.address)}: ${ACTION_WORDS[r.actions.join(',')] ?? r.actions.join(', ')}`);
  return [{ heading: ['### Other resources'], blocks: [{ lines: [], items, itemUnit: 'resource' }] }];
}

const cost = (lines: readonly string[]) => lines.reduce((sum, line) => sum + line.length + 1, 0);

/** The warning block: every warning up to MAX_WARNING_LINES, fewer when the budget needs it, and a count of the rest. */
function warningLines(warnings: readonly RankedWarning[], top: readonly string[], maxChars: number): string[] {
  if (warnings.length === 0) return [];
  const total = warnings.reduce((sum, w) => sum + w.count, 0);
  const budget = maxChars - CLOSE_LINE_RESERVE - cost(top) - 1;
  for (let shown = Math.min(warnings.length, MAX_WARNING_LINES); ; shown--) {
    const hidden = warnings.slice(shown).reduce((sum, w) => sum + w.count, 0);
    const lines = [
      '',
      '> [!WARNING]',
      `> **${plural(total, 'risky change')}** to review:`,
      '>',
      ...warnings.slice(0, shown).map((w) => `> - ${w.text}`),
      ...(hidden > 0 ? [`> - … and ${plural(hidden, 'more warning')} (not shown)`] : []),
    ];
    if (shown === 0 || cost(lines) <= budget) return lines;
  }
}
