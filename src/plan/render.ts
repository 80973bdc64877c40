import { code, escapeText } from '../report/markdown';
import { formatCount, plural } from '../report/words';
import type { PlanSection, ValueChange, Warning } from './section';

const summary = (parts: ReadonlyArray<string | false>) => parts.filter((p): p is string => p !== false && p !== '').join(' · ');

/** A construct section's heading: `### Label · title`, then its counts and what the plan re-runs or reads from Domo. */
export function heading(s: PlanSection, title: string, counts: ReadonlyArray<string | false>): string[] {
  return [
    `### ${escapeText(s.label)} · ${title}`,
    '',
    summary([
      ...counts,
      s.reruns > 0 && `${plural(s.reruns, 'instance')} re-run with no data change`,
      s.fromDomo > 0 && `${plural(s.fromDomo, 'instance')} new to Terraform: old values are what Domo holds now`,
      s.rerunFromDomo > 0 &&
        `${plural(s.rerunFromDomo, 'instance')} run again whole after a failed or interrupted apply: old values are what Domo holds now`,
      s.rerunUnread > 0 &&
        `${plural(s.rerunUnread, 'instance')} run again whole after a failed or interrupted apply: Domo's values are not read for this kind, so it may write more than shown`,
      s.repairs > 0 &&
        `${plural(s.repairs, 'instance')} replaced to repair drift: what ${s.repairs === 1 ? 'it writes' : 'they write'} is under Repairs`,
      s.constructPath !== undefined && `construct ${code(s.constructPath)}`,
      s.removalPolicy !== undefined && `removal policy ${code(s.removalPolicy)}`,
    ]) || 'No data changes.',
  ];
}

/** What happens in Domo to what leaves a `retain | delete` construct. */
export function retainOrDeleteFate(removalPolicy: string | undefined): string {
  if (removalPolicy === 'retain') return 'kept in Domo (removal policy `retain`)';
  if (removalPolicy === 'delete') return '**deleted from Domo** (removal policy `delete`)';
  return "per the construct's removal policy (default `retain`: kept in Domo; `delete` deletes)";
}

/** `created`, `changed`, `removed` counts of a section's heading. */
export function statusCounts(statuses: readonly string[]): Array<string | false> {
  const count = (status: string) => statuses.filter((s) => s === status).length;
  return ['created', 'changed', 'removed'].map((status) => count(status) > 0 && `${formatCount(count(status))} ${status}`);
}

/** The construct as a reader knows it: its path when the manifest was read, else its id. */
export function constructName(section: PlanSection): string {
  return code(section.constructPath ?? section.label);
}

/** A value in a cell or line: code span (empty text in words), or words for an absent value. */
export function showValue(value: string | undefined, inTable: boolean, absent = '*(none)*'): string {
  return value === undefined ? absent : code(value, inTable);
}

/** `key`: `old` → `new`; a value with no old side (a new user or group) as `key`: `value`. */
export function showChange(change: ValueChange, inTable: boolean, absent = '*(none)*', isNew = false): string {
  const key = code(change.key, inTable);
  if (isNew) return `${key}: ${showValue(change.after, inTable, absent)}`;
  return `${key}: ${showValue(change.before, inTable, absent)} → ${showValue(change.after, inTable, absent)}`;
}

/** A change that empties a value (the attribute or field is cleared in Domo). */
export function clears(change: ValueChange): boolean {
  return change.before !== undefined && change.before !== '' && change.after === '';
}

/** Warnings of one kind per construct listed one by one; the rest are counted. */
export const WARNINGS_LISTED_PER_KIND = 5;

/** A name in a warning line (code clips a long one). */
export const warnedName = (text: string) => code(text);

/** Up to three names, then how many more. */
export const warnedNames = (list: readonly string[]) =>
  list.slice(0, 3).map(warnedName).join(', ') + (list.length > 3 ? ` and ${formatCount(list.length - 3)} more` : '');

/** Lists up to WARNINGS_LISTED_PER_KIND, then one line counting the rest. */
export function capped(texts: readonly string[], rest: (n: number) => string): Warning[] {
  const shown = texts.slice(0, WARNINGS_LISTED_PER_KIND).map((text) => ({ text, count: 1 }));
  const hidden = texts.length - shown.length;
  return hidden > 0 ? [...shown, { text: rest(hidden), count: hidden }] : shown;
}

/** The same warnings, ranked. */
export const ranked = (rank: number, warnings: readonly Warning[]) => warnings.map((w) => ({ ...w, rank }));
