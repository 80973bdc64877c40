import MarkdownIt from 'markdown-it';

/**
 * Markdown as GitHub renders a comment: CommonMark with GFM tables (built into markdown-it), raw
 * HTML allowed and bare URLs linked (linkify), so that anything data could smuggle in shows up as a
 * token: an HTML element, a link, or text that GitHub would turn into an @mention or a #123 reference.
 */
const renderer = new MarkdownIt({ html: true, linkify: true });

/** Values a dataset or Domo may hold that must not break, format or link anything in a report. */
export const HOSTILE = [
  '',
  '`',
  '``a```b`',
  '<img src=x onerror=alert(1)>',
  '<details>',
  '@acme/admins',
  '#1',
  '[x](javascript:alert(1))',
  'https://evil.example',
  'a|b\\|c',
  'line\r\nbreak\rand\nmore',
  'zero\u200bwidth\u2060joiner\ufeff',
  'right\u202eto\u2067left',
  'x'.repeat(60_000),
];

/** The only HTML the writers emit themselves: line breaks inside table cells. */
const OWN_HTML = /^<br>$/;

interface Token {
  type: string;
  content: string;
  map: [number, number] | null;
  children: Token[] | null;
}

/** Cells of a table row as GFM splits it: at every pipe not escaped with a backslash. */
function cellCount(line: string): number {
  const pipes = [...line.trim().matchAll(/(?<!\\)\|/g)].length;
  return pipes - 1;
}

/**
 * What in `markdown` came out of the data as something other than text: each problem in words
 * (empty when none). Tables must keep their columns: every row as many cells as the header, and
 * every line that starts a row inside a table.
 */
export function markdownProblems(markdown: string): string[] {
  const problems: string[] = [];
  const lines = markdown.split('\n');
  const tokens = renderer.parse(markdown, {}) as unknown as Token[];
  const inTable = new Set<number>();
  const walk = (list: readonly Token[]) => {
    for (const t of list) {
      if ((t.type === 'html_block' || t.type === 'html_inline') && !OWN_HTML.test(t.content.trim()))
        problems.push(`HTML ${JSON.stringify(t.content.slice(0, 80))}`);
      if (t.type === 'link_open') problems.push('a link');
      if (t.type === 'text') {
        if (/(^|[^\w`])@[A-Za-z0-9]/.test(t.content)) problems.push(`a mention in ${JSON.stringify(t.content.slice(0, 80))}`);
        if (/(^|[^\w&])#\d/.test(t.content)) problems.push(`an issue reference in ${JSON.stringify(t.content.slice(0, 80))}`);
      }
      if (t.type === 'table_open' && t.map) {
        const [from, to] = t.map;
        const columns = cellCount(lines[from]!);
        for (let i = from; i < to; i++) {
          inTable.add(i);
          if (i !== from + 1 && cellCount(lines[i]!) !== columns)
            problems.push(`table row of ${cellCount(lines[i]!)} cells under ${columns} columns: ${lines[i]!.slice(0, 80)}`);
        }
      }
      if (t.children) walk(t.children);
    }
  };
  walk(tokens);
  lines.forEach((line, i) => {
    if (line.startsWith('|') && !inTable.has(i)) problems.push(`a table row outside any table: ${line.slice(0, 80)}`);
  });
  return problems;
}
