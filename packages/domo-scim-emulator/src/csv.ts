/** A field holding one of these is quoted (RFC 4180). */
const NEEDS_QUOTES = /[",\r\n]/;

/**
 * One LF-terminated line of a CSV export: a field holding a comma, quote, CR or LF is quoted, with
 * inner quotes doubled; anything else is written as is, spaces included. A line of one empty field
 * is written `""`, because readers skip an empty line and the row would be lost.
 */
export function csvLine(fields: readonly string[]): string {
  if (fields.length === 1 && fields[0] === '') return '""\n';
  return `${fields.map((f) => (NEEDS_QUOTES.test(f) ? `"${f.replaceAll('"', '""')}"` : f)).join(',')}\n`;
}
