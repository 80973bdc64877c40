import { code, EMPTY, escapeText, MAX_VALUE_CHARS } from '../../src/report/markdown';
import { HOSTILE, markdownProblems } from '../support/markdown-check';

import { layout, notShownLine, type LayoutSection } from '../../src/report/layout';

describe('code', () => {
  it.each([
    ['plain', 'FS-101', '`FS-101`'],
    ['a backtick inside: a longer fence', 'a`b', '``a`b``'],
    ['a run of two backticks', 'a``b`c', '```a``b`c```'],
    ['a leading or trailing backtick: padded', '`x', '`` `x ``'],
    ['spaces on both ends: padded so they survive', ' x ', '`  x  `'],
    ['only spaces: no padding needed', '  ', '`  `'],
    ['line breaks shown as ⏎', 'a\r\nb\nc\u2028d', '`a⏎b⏎c⏎d`'],
    ['empty text in words', '', EMPTY],
    ['invisible and reordering characters by code point', 'a\u200bb\u202ec', '`a<U+200B>b<U+202E>c`'],
    [
      'a long value clipped, its length noted',
      'y'.repeat(60_000),
      `\`${'y'.repeat(MAX_VALUE_CHARS - 1)}…\` *(60,000 characters, clipped)*`,
    ],
  ])('%s', (_, text, expected) => {
    expect(code(text)).toBe(expected);
  });

  it('escapes pipes only in table cells, where GFM removes the backslash again', () => {
    expect(code('a|b')).toBe('`a|b`');
    expect(code('a|b', true)).toBe('`a\\|b`');
    expect(code('a\\|b', true)).toBe('`a\\\\|b`');
  });
});

describe('the hostile corpus', () => {
  it.each(HOSTILE.map((v) => [JSON.stringify(v.slice(0, 40)), v]))('%s renders as text, in a table and in a list', (_, value) => {
    const markdown = [
      '| A | B |',
      '| --- | --- |',
      `| ${code(value, true)} | ${code(value, true)}<br>${code(value, true)} |`,
      '',
      `- ${code(value)}`,
      '',
    ].join('\n');
    expect(markdownProblems(markdown)).toEqual([]);
    expect(markdown.length).toBeLessThan(1000);
  });

  it('the checker sees what unescaped data would do', () => {
    const raw = HOSTILE.slice(1, 13).join('\n\n');
    expect(markdownProblems(`| A |\n| --- |\n| ${raw} |\n`).length).toBeGreaterThan(5);
  });
});

describe('escapeText', () => {
  it('escapes inline Markdown syntax', () => {
    expect(escapeText('My_Attrs*<b>|#@')).toBe('My\\_Attrs\\*\\<b\\>\\|\\#\\@');
  });
});

describe('notShownLine', () => {
  it('counts with thousands separators and plurals, the cut unit first', () => {
    expect(notShownLine({ user: 9950 })).toBe('… and 9,950 more users (not shown)');
    expect(notShownLine({ group: 1, 'member joining': 2 }, 'member joining')).toBe(
      '… and 2 more members joining, 1 more group (not shown)',
    );
    expect(notShownLine({})).toBeUndefined();
  });
});

describe('layout', () => {
  const section = (n: number, rows: number): LayoutSection => ({
    heading: [`### S${n}`],
    blocks: [{ lines: ['| A |', '| --- |'], items: Array.from({ length: rows }, (_, i) => `| row ${n}.${i} |`), itemUnit: 'user' }],
  });

  it('shows everything that fits, with nothing to count', () => {
    expect(layout(['# T'], [section(1, 2)], 1000)).toBe('# T\n### S1\n\n| A |\n| --- |\n| row 1.0 |\n| row 1.1 |\n');
  });

  it('cuts between rows, keeps later headings, and never exceeds the budget', () => {
    for (let max = 120; max < 400; max++) {
      const out = layout(['# T', ''], [section(1, 50), section(2, 50)], max);
      expect(out.length).toBeLessThanOrEqual(max);
      expect(out).toContain('### S2');
      for (const line of out.split('\n'))
        expect(line).toMatch(/^$|^# T$|^### S\d$|^\| (A|---|row \d\.\d+) \|$|^… and \d+ more users? \(not shown\)$/);
    }
  });

  it('drops trailing sections whole, counted in one last line, when even the headings do not fit', () => {
    const sections = Array.from({ length: 40 }, (_, i) => section(i, 3));
    const out = layout(['# T'], sections, 1000);
    expect(out.length).toBeLessThanOrEqual(1000);
    const shown = out.split('\n').filter((l) => l.startsWith('### ')).length;
    expect(shown).toBeLessThan(40);
    expect(out.endsWith(`… and ${(40 - shown) * 3} more users (not shown)\n`)).toBe(true);
  });

  it('counts a continuing block only when its parent is shown', () => {
    const groups: LayoutSection = {
      heading: ['### G'],
      blocks: [
        { lines: ['**g1**'], hides: { group: 1 } },
        { lines: ['Joining (3):'], items: ['`a`', '`b`', '`c`'], itemUnit: 'member joining', inline: true, continues: true },
        { lines: ['**g2**'], hides: { group: 1 } },
        { lines: ['Joining (2):'], items: ['`d`', '`e`'], itemUnit: 'member joining', inline: true, continues: true },
      ],
    };
    expect(layout([], [groups], 1000)).toBe('### G\n\n**g1**\n\nJoining (3): `a`, `b`, `c`\n\n**g2**\n\nJoining (2): `d`, `e`\n');
    const cut = layout([], [groups], 90);
    // A block that does not fit at all is counted, and the blocks after it are still laid out.
    const huge: LayoutSection = {
      heading: ['### H'],
      blocks: [{ lines: ['x'.repeat(500)], hides: { group: 1 } }, ...groups.blocks.slice(2)],
    };
    expect(layout([], [huge], 200)).toBe('### H\n\n**g2**\n\nJoining (2): `d`, `e`\n\n… and 1 more group (not shown)\n');
    expect(cut).toBe('### G\n\n**g1**\n\nJoining (3): `a`\n\n… and 2 more members joining, 1 more group (not shown)\n');
  });
});
