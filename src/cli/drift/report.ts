import type { DriftReport } from '../../drift/report';
import { andList, plural } from '../../report/words';
import { DEFAULT_MAX_CHARS, layout } from '../../report/layout';
import { escapeText } from '../../report/markdown';

/** `2 users and 1 group differ from the desired state`; `in sync` when nothing does. */
export function summarizeDrift(report: DriftReport): string {
  if (report.inSync) return 'in sync: Domo matches the desired state';
  const summaries = [...report.facets.values()].map(({ facet, report: part }) => facet.summary(part));
  const parts = summaries.flatMap((s) =>
    s.differ.filter((d) => d.count > 0).map((d) => ({ text: plural(d.count, d.one, d.many), one: d.count === 1 })),
  );
  const texts = parts.map((p) => p.text);
  const listed = andList(texts);
  const differ = parts.length === 0 ? '' : `${listed} differ${parts.length === 1 && parts[0]!.one ? 's' : ''} from the desired state`;
  return [differ, ...summaries.flatMap((s) => s.notes ?? [])].filter(Boolean).join('; ');
}

/** For people at a terminal: one block per identity, facet by facet. */
export function formatDriftText(report: DriftReport): string {
  if (report.inSync) return 'In sync: Domo matches the desired state.';
  const lines = [`Drift: ${summarizeDrift(report)}.`];
  for (const { facet, report: part } of report.facets.values()) lines.push(...facet.text(part));
  return lines.join('\n');
}

/**
 * For a pull request or issue: a heading, a summary line and one table per facet, one row per
 * difference, at most `maxChars` long: rows that do not fit are counted instead, and every facet's
 * heading is still shown.
 */
export function formatDriftMarkdown(report: DriftReport, maxChars = DEFAULT_MAX_CHARS): string {
  const head = ['## Domo identity drift', ''];
  if (report.inSync) return `${[...head, '**In sync**: Domo matches the desired state.'].join('\n')}\n`;
  head.push(`**Drift**: ${escapeText(summarizeDrift(report))}.`, '');
  const sections = [...report.facets.values()].flatMap(({ facet, report: part }) => facet.markdown(part));
  return layout(head, sections, maxChars);
}
