import { formatCount } from './words';

/**
 * The one size cap of every Markdown output (plan, plan-summary, drift --markdown): leaves room under
 * GitHub's 65,536-character comment limit for a header a workflow may add. Each command's
 * --max-chars changes it.
 */
export const DEFAULT_MAX_CHARS = 60_000;

/** What a dropped item or block stands for, in the "… and 9,950 more users (not shown)" line. */
export const UNITS = [
  'user',
  'group',
  'member joining',
  'member leaving',
  'definition',
  'policy',
  'role',
  'grant',
  'resource',
  'repair',
  'problem',
  'difference',
] as const;
export type Unit = (typeof UNITS)[number];
const PLURAL: Record<Unit, string> = {
  user: 'users',
  group: 'groups',
  'member joining': 'members joining',
  'member leaving': 'members leaving',
  definition: 'definitions',
  policy: 'policies',
  role: 'roles',
  grant: 'grants',
  resource: 'resources',
  repair: 'repairs',
  problem: 'problems',
  difference: 'differences',
};

export type UnitCounts = Partial<Record<Unit, number>>;

/** A piece of the report that is shown whole, or cut only between its items. */
export interface Block {
  /** Shown together or not at all: a heading, a summary, a table's header and delimiter row. */
  readonly lines: readonly string[];
  /** Rows, list items, or (inline) parts of the last line; dropped from the end when space runs out. */
  readonly items?: readonly string[];
  /** What one item is. Required with items. */
  readonly itemUnit?: Unit;
  /** Items continue the last line, separated by ", ", instead of one line each. */
  readonly inline?: boolean;
  /** What dropping the whole block hides. @default - its items */
  readonly hides?: UnitCounts;
  /**
   * The block belongs to the block before it (a group's member lists after the group's line):
   * when that one is dropped too, only the parent is counted as not shown.
   */
  readonly continues?: boolean;
}

/** Members joining or leaving a group or a policy: a heading with the names inline, part of the block above. */
export function memberListBlock(heading: string, items: readonly string[], itemUnit: 'member joining' | 'member leaving'): Block {
  return { lines: [heading], items, itemUnit, inline: true, continues: true };
}

/** A section of one table: its heading, the header and delimiter rows, then one item per row. */
export function tableSection(heading: string, columns: readonly string[], rows: readonly string[], itemUnit: Unit): LayoutSection {
  return {
    heading: [heading],
    blocks: [{ lines: [`| ${columns.join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`], items: rows, itemUnit }],
  };
}

/** Characters a line adds to the output (every line ends with a newline). */
const lineCost = (line: string) => line.length + 1;
const linesCost = (lines: readonly string[]) => lines.reduce((sum, line) => sum + lineCost(line), 0);

function add(a: UnitCounts, b: UnitCounts): UnitCounts {
  const out: UnitCounts = { ...a };
  for (const unit of UNITS) if (b[unit]) out[unit] = (out[unit] ?? 0) + b[unit]!;
  return out;
}

/**
 * `… and 9,950 more users, 3 more groups (not shown)`, or undefined when nothing is hidden.
 * `first`: the unit of the list that was cut, named before the rest.
 */
export function notShownLine(hidden: UnitCounts, first?: Unit): string | undefined {
  const order = first ? [first, ...UNITS.filter((u) => u !== first)] : UNITS;
  const parts = order.filter((u) => (hidden[u] ?? 0) > 0).map((u) => `${formatCount(hidden[u]!)} more ${hidden[u] === 1 ? u : PLURAL[u]}`);
  return parts.length === 0 ? undefined : `… and ${parts.join(', ')} (not shown)`;
}

/** The closing line and the blank line after it. */
const closeCost = (hidden: UnitCounts) => {
  const line = notShownLine(hidden);
  return line === undefined ? 0 : lineCost(line) + 1;
};

/** Room the head must leave for the closing line of sections that do not fit at all. */
export const CLOSE_LINE_RESERVE = 300;

/** A construct's part of the report: its heading is shown whenever any of it is. */
export interface LayoutSection {
  /** Heading and summary line: shown whole, before any block. */
  readonly heading: readonly string[];
  readonly blocks: readonly Block[];
}

const hidesOf = (block: Block): UnitCounts =>
  block.hides ?? (block.items?.length && block.itemUnit ? { [block.itemUnit]: block.items.length } : {});

/**
 * hiddenFrom[b]: what dropping blocks b.. hides. A continuing block counts only if its parent
 * (the nearest non-continuing block before it) is shown, i.e. lies before b.
 */
function hiddenFromEach(blocks: readonly Block[]): UnitCounts[] {
  const hiddenFrom: UnitCounts[] = new Array(blocks.length + 1);
  hiddenFrom[blocks.length] = {};
  let topLevel: UnitCounts = {};
  let chainTail: UnitCounts = {};
  for (let b = blocks.length - 1; b >= 0; b--) {
    const block = blocks[b]!;
    if (block.continues) {
      chainTail = add(chainTail, hidesOf(block));
      hiddenFrom[b] = add(topLevel, chainTail);
    } else {
      topLevel = add(topLevel, hidesOf(block));
      chainTail = {};
      hiddenFrom[b] = topLevel;
    }
  }
  return hiddenFrom;
}

/**
 * What a section needs whatever else fits: its heading, and its longest possible closing line
 * (every unit it holds, continuing blocks included, counted in full).
 */
function reserveOf(section: LayoutSection): number {
  const everything = section.blocks.reduce(
    (sum, block) => add(sum, block.itemUnit && block.items?.length ? { [block.itemUnit]: block.items.length } : {}),
    {} as UnitCounts,
  );
  return (
    linesCost(section.heading) +
    1 +
    closeCost(
      add(
        everything,
        section.blocks.reduce((sum, b) => add(sum, b.hides ?? {}), {} as UnitCounts),
      ),
    )
  );
}

/**
 * `head`, then every section's heading, and as many of its blocks as fit in `maxChars`
 * (newlines included); every heading and block is followed by a blank line. Blocks are dropped
 * whole or cut between items (never inside a row), and a closing line counts what a section left
 * out. Sections are filled in order; each keeps room for the headings and closing lines of the
 * sections after it. When even the headings do not fit, trailing sections are dropped whole and
 * counted in one last line. `head` is always shown in full: the caller sizes it.
 */
export function layout(head: readonly string[], sections: readonly LayoutSection[], maxChars: number): string {
  const out = [...head];
  let size = linesCost(out);
  // Sections whose headings fit, with room for the last line counting the sections that do not.
  const reserves = sections.map(reserveOf);
  let kept = sections.length;
  if (size + reserves.reduce((a, b) => a + b, 0) > maxChars) {
    kept = 0;
    for (let used = size + CLOSE_LINE_RESERVE; kept < sections.length && used + reserves[kept]! <= maxChars; kept++)
      used += reserves[kept]!;
  }
  const reserveAfter: number[] = new Array(kept + 1).fill(0);
  for (let k = kept - 1; k >= 0; k--) reserveAfter[k] = reserveAfter[k + 1]! + reserves[k]!;

  for (let k = 0; k < kept; k++) {
    const section = sections[k]!;
    out.push(...section.heading, '');
    size += linesCost(section.heading) + 1;
    const budget = maxChars - reserveAfter[k + 1]! - (kept < sections.length ? CLOSE_LINE_RESERVE : 0);
    const hidden = fillSection(section.blocks, budget - size, out);
    size = linesCost(out);
    const line = notShownLine(hidden.counts, hidden.first);
    if (line !== undefined) {
      out.push(line, '');
      size += lineCost(line) + 1;
    }
  }
  const dropped = sections.slice(kept).reduce((sum, s) => add(sum, hiddenFromEach(s.blocks)[0]!), {} as UnitCounts);
  const last = notShownLine(dropped);
  if (last !== undefined) out.push(last);
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return `${out.join('\n')}\n`;
}

/**
 * Appends to `out` the blocks that fit in `room` characters together with the closing line they
 * would need; returns what was left out (`first`: the unit of the list that was cut). A block that
 * does not fit at all (one huge row) is left out and counted, and the blocks after it are still
 * laid out; its continuing blocks go with it. A list cut between items ends the section: the room
 * is spent.
 */
function fillSection(blocks: readonly Block[], room: number, out: string[]): { counts: UnitCounts; first?: Unit } {
  const hiddenFrom = hiddenFromEach(blocks);
  let used = 0;
  let skipped: UnitCounts = {};
  let parentShown = true;
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (block.continues && !parentShown) continue; // counted with its parent
    const items = block.items ?? [];
    const rest = add(skipped, hiddenFrom[b + 1]!);
    const itemsLeft = (n: number): UnitCounts => (n > 0 && block.itemUnit ? { [block.itemUnit]: n } : {});
    const fits = (extra: number, hidden: UnitCounts) => used + extra + closeCost(hidden) <= room;
    const inline = block.inline === true && block.lines.length > 0;
    const itemCost = (i: number) => (inline ? (i === 0 ? 1 : 2) + items[i]!.length : lineCost(items[i]!));

    // The block's fixed lines, at least one item if it has any, and the blank line after it.
    let extra = linesCost(block.lines) + 1;
    let shown = 0;
    if (items.length > 0) extra += itemCost(shown++);
    if (!fits(extra, add(rest, itemsLeft(items.length - shown)))) {
      skipped = add(skipped, hidesOf(block));
      if (!block.continues) parentShown = false;
      continue;
    }
    if (!block.continues) parentShown = true;
    while (shown < items.length && fits(extra + itemCost(shown), add(rest, itemsLeft(items.length - shown - 1))))
      extra += itemCost(shown++);

    const lines = [...block.lines];
    if (inline && shown > 0) lines[lines.length - 1] = `${lines[lines.length - 1]!} ${items.slice(0, shown).join(', ')}`;
    else lines.push(...items.slice(0, shown));
    out.push(...lines, '');
    used += extra;
    if (shown < items.length)
      return { counts: add(rest, itemsLeft(items.length - shown)), ...(block.itemUnit ? { first: block.itemUnit } : {}) };
  }
  return { counts: skipped };
}
