/**
 * Markdown building blocks that survive any text from the data: userNames, group names and
 * attribute values can hold backticks, pipes and line breaks, and none of them may break a table.
 */

/** A line break would end a table row or a list item: shown as ⏎. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '⏎');
}

/**
 * Text as an inline code span, safe in a table cell too:
 * - the fence is one backtick longer than the longest run of backticks inside;
 * - a space pads both ends when the text starts or ends with a backtick, or with a space on both
 *   sides (CommonMark strips one space from each end of such spans);
 * - in a table cell (`inTable`), `|` is written `\|`: GFM splits cells before it parses code
 *   spans, reads `\|` as a literal pipe whatever precedes it, and removes the backslash again.
 *   Elsewhere a backslash in a code span is literal, so pipes stay as they are.
 * Empty text cannot be a code span; callers show it in words.
 */
export function code(text: string, inTable = false): string {
  const flat = oneLine(text);
  const body = inTable ? flat.replace(/\|/g, '\\|') : flat;
  const longestRun = Math.max(0, ...(body.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longestRun + 1);
  const spaced = body.startsWith(' ') && body.endsWith(' ') && /[^ ]/.test(body);
  const pad = body.startsWith('`') || body.endsWith('`') || spaced ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** Plain text with Markdown's inline syntax escaped (construct ids in headings). */
export function escapeText(text: string): string {
  return oneLine(text).replace(/[\\`*_{}[\]<>#|~!]/g, (ch) => `\\${ch}`);
}

/** Long values in one-line warnings are shortened so one value cannot crowd out the others. */
export function clip(text: string, max = 120): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Table cell text: Markdown syntax escaped, so a value can neither format nor break the table. */
export function cellText(text: string): string {
  return text.replace(/[\\`*_[\]<>|#~]/g, '\\$&').replace(/\r?\n|\r/g, ' ');
}
