import { plural } from './words';

/**
 * Markdown building blocks that survive any text from the data: userNames, group names and
 * attribute values can hold backticks, pipes and line breaks, and none of them may break a table.
 */

/** Longest value shown whole: a longer one is clipped, its full length noted beside it. */
export const MAX_VALUE_CHARS = 200;

/** How empty text is shown: a code span cannot be empty, and nothing at all would read as a gap. */
export const EMPTY = '*(empty)*';

/** Line breaks (CR, LF, CRLF, NEL, the Unicode line and paragraph separators) would end a table row or a list item. */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029]/g;
/**
 * Characters a reader cannot see or that reorder what they see: controls, zero-width characters,
 * bidirectional overrides and isolates, the BOM. Shown as `<U+202E>`, so a value reads as it is.
 */
const INVISIBLE =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]/g;

/** Text on one line with every character visible: line breaks as ⏎, invisible characters by code point. */
export function visible(text: string): string {
  return text.replace(LINE_BREAKS, '⏎').replace(INVISIBLE, (ch) => `<U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}>`);
}

/**
 * The one way a data value (a userName, group or policy name, attribute value, filter value,
 * anything read from a dataset or from Domo) reaches Markdown: as an inline code span, inside which
 * no HTML element, autolink, link, @mention or #123 reference is rendered.
 * - empty text is shown in words ({@link EMPTY});
 * - line breaks show as ⏎ and invisible or reordering characters by code point ({@link visible});
 * - a value longer than {@link MAX_VALUE_CHARS} is clipped, its full length noted after the span;
 * - the fence is one backtick longer than the longest run of backticks inside;
 * - a space pads both ends when the text starts or ends with a backtick, or with a space on both
 *   sides (CommonMark strips one space from each end of such spans);
 * - in a table cell (`inTable`), `|` is written `\|`: GFM splits cells before it parses code
 *   spans, reads `\|` as a literal pipe whatever precedes it, and removes the backslash again.
 *   Elsewhere a backslash in a code span is literal, so pipes stay as they are.
 */
export function code(text: string, inTable = false): string {
  if (text === '') return EMPTY;
  const shown = visible(text);
  const chars = [...shown];
  const clipped = chars.length > MAX_VALUE_CHARS ? `${chars.slice(0, MAX_VALUE_CHARS - 1).join('')}…` : shown;
  const body = inTable ? clipped.replace(/\|/g, '\\|') : clipped;
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const spaced = body.startsWith(' ') && body.endsWith(' ') && /[^ ]/.test(body);
  const pad = body.startsWith('`') || body.endsWith('`') || spaced ? ' ' : '';
  const note = clipped === shown ? '' : ` *(${plural([...text].length, 'character')}, clipped)*`;
  return `${fence}${pad}${body}${pad}${fence}${note}`;
}

/**
 * Our own words around data (construct ids in headings, advice naming a construct) with
 * Markdown's inline syntax escaped, on one line. Data values go through {@link code} instead.
 */
export function escapeText(text: string): string {
  return visible(text).replace(/[\\`*_{}[\]<>#|~!@:]/g, (ch) => `\\${ch}`);
}
