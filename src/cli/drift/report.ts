import type { DriftReport } from '../../drift/report';
import { andList, plural } from '../../report/words';

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

/** For a pull request or issue: a heading, a summary line and one table row per difference. */
export function formatDriftMarkdown(report: DriftReport): string {
  const lines = ['## Domo identity drift', ''];
  if (report.inSync) {
    lines.push('**In sync**: Domo matches the desired state.');
    return lines.join('\n');
  }
  lines.push(`**Drift**: ${summarizeDrift(report).replace(/[\\`*_[\]<>|#~]/g, '\\$&')}.`);
  for (const { facet, report: part } of report.facets.values()) lines.push(...facet.markdown(part));
  return lines.join('\n');
}
