import { analyzePlan, type Section } from './analyze';
import { analyzeAccess } from './access';
import type { CurrentValues } from './current';
import { CLOSE_LINE_RESERVE, layout, type LayoutSection } from '../../report/layout';
import type { ConstructManifests } from './manifests';
import { plural } from '../../report/markdown';
import { layoutSections } from './render';
import { totalsLine, totalsOf } from './totals';
import { accessSection, accessWarnings, policyWarnings } from './render-policies';
import { collectWarnings, type Warning } from './warnings';

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
  if (!Number.isInteger(options.maxChars) || options.maxChars < MIN_MAX_CHARS) {
    throw new RangeError(`maxChars must be a whole number of at least ${MIN_MAX_CHARS}; got ${options.maxChars}`);
  }
  const sections = analyzePlan(planJson, options.manifests, options.current);
  const repairs = options.repairs ? [options.repairs] : [];
  if (sections.length === 0 && repairs.length === 0) return `${TITLE}\n\nNo changes.\n`;
  const access = analyzeAccess(planJson, options.manifests);
  const warnings = [
    ...collectWarnings(sections),
    ...sections.flatMap((s) => (s.kind === 'pdp-policies' ? policyWarnings(s) : [])),
    ...accessWarnings(access),
  ];
  const top = [TITLE, '', totalsLine(totalsOf(sections))];
  const head = [...top, ...warningLines(warnings, top, options.maxChars), ''];
  return layout(head, [...withAccessSection(sections, layoutSections(sections), accessSection(access)), ...repairs], options.maxChars);
}

/** "Access changes" after the constructs' sections, before other resources. */
function withAccessSection(sections: readonly Section[], laid: LayoutSection[], access: LayoutSection | undefined): LayoutSection[] {
  if (!access) return laid;
  const at = sections.findIndex((s) => s.kind === 'other');
  return at < 0 ? [...laid, access] : [...laid.slice(0, at), access, ...laid.slice(at)];
}

const cost = (lines: readonly string[]) => lines.reduce((sum, line) => sum + line.length + 1, 0);

/** The warning block: every warning up to MAX_WARNING_LINES, fewer when the budget needs it, and a count of the rest. */
function warningLines(warnings: readonly Warning[], top: readonly string[], maxChars: number): string[] {
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
