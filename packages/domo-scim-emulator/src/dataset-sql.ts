import { badRequest } from './scim-errors';
import { SeedDataset, SeedDatasetCell } from './dataset-seed';
import { seededRandom } from './faults';

/*
 * The SQL the local query API understands: what a client needs to count a dataset and read it
 * page by page in a stable order.
 *   SELECT * | col [, col ...] | COUNT(*) FROM table [ORDER BY col [ASC|DESC] [, ...]] [LIMIT n [OFFSET m]] [;]
 * Keywords are case-insensitive; a column is a bare name or `back-quoted`. As in Domo, the
 * dataset is always called "table".
 */

const SUPPORTED = 'SELECT * | col1, col2 | COUNT(*) FROM table [ORDER BY col1, col2] [LIMIT n [OFFSET m]]';
const SELECT =
  /^\s*select\s+([\s\S]+?)\s+from\s+(\S+?)(?:\s+order\s+by\s+([\s\S]+?))?(?:\s+limit\s+(\d+)(?:\s+offset\s+(\d+))?)?\s*;?\s*$/i;
const COLUMN = /\s*(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)|(\*))\s*(,|$)/y;
const ORDER_TERM = /\s*(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*))(?:\s+(asc|desc))?\s*(,|$)/iy;
const COUNT = /^\s*count\s*\(\s*\*\s*\)\s*$/i;

export interface QueryResult {
  readonly columns: string[];
  readonly rows: SeedDatasetCell[][];
}

/** How a query is answered besides its SQL (injected faults). */
export interface QueryQuirks {
  /** Without ORDER BY, rows come in an order drawn from this seed (a new one each call). */
  readonly shuffleSeed?: number;
  /** The answers leave out the dataset's last this many rows (COUNT(*) does not). */
  readonly missingRows?: number;
}

/** Runs a supported SELECT over the dataset; anything else is a 400 naming what is supported. */
export function runDatasetQuery(dataset: SeedDataset, sql: string, quirks: QueryQuirks = {}): QueryResult {
  const m = SELECT.exec(sql);
  if (!m) throw badRequest(`Unsupported SQL: the local service understands only ${SUPPORTED}; got ${JSON.stringify(sql)}`);
  const [, list, table, orderBy, limit, offset] = m;
  if (!/^`?table`?$/i.test(table!)) throw badRequest(`Unknown table ${table}: the dataset is always called "table", as in ${SUPPORTED}`);
  if (COUNT.test(list!)) return { columns: ['COUNT(*)'], rows: [[dataset.rows.length]] };
  const indexes = selectedColumns(dataset, list!);
  let rows = dataset.rows.slice(0, Math.max(0, dataset.rows.length - (quirks.missingRows ?? 0)));
  if (orderBy !== undefined) rows = sorted(rows, orderTerms(dataset, orderBy));
  else if (quirks.shuffleSeed !== undefined) rows = shuffled(rows, quirks.shuffleSeed);
  const start = offset === undefined ? 0 : Number(offset);
  const end = limit === undefined ? rows.length : start + Number(limit);
  return {
    columns: indexes.map((i) => dataset.columns[i]!.name),
    rows: rows.slice(start, end).map((row) => indexes.map((i) => row[i]!)),
  };
}

function selectedColumns(dataset: SeedDataset, list: string): number[] {
  if (list.trim() === '*') return dataset.columns.map((_, i) => i);
  const indexes: number[] = [];
  COLUMN.lastIndex = 0;
  while (COLUMN.lastIndex < list.length) {
    const at = COLUMN.lastIndex;
    const m = COLUMN.exec(list);
    if (!m || m[0] === '')
      throw badRequest(
        `Unsupported column list "${list}" at "${list.slice(at)}": name columns plainly or in back quotes, as in ${SUPPORTED}`,
      );
    if (m[3] !== undefined) throw badRequest(`"*" cannot be mixed with column names; use ${SUPPORTED}`);
    indexes.push(columnIndex(dataset, (m[1] ?? m[2])!));
    if (m[4] === '') break;
  }
  return indexes;
}

function orderTerms(dataset: SeedDataset, list: string): Array<{ index: number; desc: boolean }> {
  const terms: Array<{ index: number; desc: boolean }> = [];
  ORDER_TERM.lastIndex = 0;
  while (ORDER_TERM.lastIndex < list.length) {
    const at = ORDER_TERM.lastIndex;
    const m = ORDER_TERM.exec(list);
    if (!m || m[0] === '') throw badRequest(`Unsupported ORDER BY "${list}" at "${list.slice(at)}": use ${SUPPORTED}`);
    terms.push({ index: columnIndex(dataset, (m[1] ?? m[2])!), desc: m[3]?.toLowerCase() === 'desc' });
    if (m[4] === '') break;
  }
  return terms;
}

/** Nulls first, numbers by value, text by code units; ties keep the dataset's order. */
function compareCells(a: SeedDatasetCell, b: SeedDatasetCell): number {
  if (a === b) return 0;
  if (a === null) return -1;
  if (b === null) return 1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const x = String(a);
  const y = String(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

function sorted(rows: SeedDatasetCell[][], terms: ReadonlyArray<{ index: number; desc: boolean }>): SeedDatasetCell[][] {
  return [...rows].sort((r, s) => {
    for (const t of terms) {
      const c = compareCells(r[t.index]!, s[t.index]!);
      if (c !== 0) return t.desc ? -c : c;
    }
    return 0;
  });
}

function shuffled<T>(items: readonly T[], seed: number): T[] {
  const random = seededRandom(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** Exact name first, then case-insensitively, as SQL identifiers are in Domo. */
function columnIndex(dataset: SeedDataset, name: string): number {
  const exact = dataset.columns.findIndex((c) => c.name === name);
  if (exact >= 0) return exact;
  const loose = dataset.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  if (loose >= 0) return loose;
  throw badRequest(`Unknown column '${name}' in 'field list'; the dataset's columns are: ${dataset.columns.map((c) => c.name).join(', ')}`);
}
