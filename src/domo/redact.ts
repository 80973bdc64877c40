const REDACTED = '[REDACTED]';

const NAMED_ENTITIES: Readonly<Record<string, readonly string[]>> = {
  '&': ['amp'],
  '<': ['lt'],
  '>': ['gt'],
  '"': ['quot'],
  "'": ['apos', '#39'],
  '/': ['sol'],
  '=': ['equals'],
  '+': ['plus'],
};

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}

/**
 * Every way one character of a secret can come back in a response body or message: as itself,
 * percent-encoded in either case (`%2F`, `%2f`), or as an HTML entity (named, decimal, or hex in
 * either case), so a gateway that reflects the token in an HTML error page is still caught.
 */
function characterForms(ch: string): string {
  const code = ch.codePointAt(0)!;
  const hex = code.toString(16);
  const forms = [escapeRegExp(ch), `%${hex.padStart(2, '0')}`, `&#0*${code};`, `&#[xX]0*${hex};`];
  for (const name of NAMED_ENTITIES[ch] ?? []) forms.push(`&${name};`);
  return `(?:${forms.join('|')})`;
}

/**
 * Returns a function that removes every secret from a string: raw, trimmed, percent-encoded and
 * HTML-escaped, in any mix and case of those encodings.
 */
export function redactor(secrets: readonly (string | undefined)[] = []): (text: string) => string {
  const needles = [...new Set(secrets.flatMap((s) => (s === undefined ? [] : [s, s.trim()])))].filter((s) => s.length > 0);
  if (needles.length === 0) return (text) => text;
  // Longest first, so a secret containing another is removed whole.
  needles.sort((a, b) => b.length - a.length);
  const pattern = new RegExp(needles.map((n) => Array.from(n, characterForms).join('')).join('|'), 'gi');
  return (text) => text.replace(pattern, REDACTED);
}
