import { badRequest } from './scim-errors';
import { SeedDataset, SeedDatasetCell } from './dataset-seed';

/*
 * The SQL the local query API understands: what a client needs to read a dataset page by page.
 *   SELECT * | col [, col ...] FROM table [LIMIT n [OFFSET m]] [;]
 * Keywords are case-insensitive; a column is a bare name or `back-quoted`. As in Domo, the
 * dataset is always called "table".
 */

const SUPPORTED = 'SELECT * | col1, col2 FROM table [LIMIT n [OFFSET m]]';
const SELECT = /^\s*select\s+([\s\S]+?)\s+from\s+(\S+?)(?:\s+limit\s+(\d+)(?:\s+offset\s+(\d+))?)?\s*;?\s*$/i;
const COLUMN = /\s*(?:`([^`]+)`|([A-Za-z_][A-Za-z0-9_]*)|(\*))\s*(,|$)/y;

export interface QueryResult {
  readonly columns: string[];
  readonly rows: SeedDatasetCell[][];
}

/** Runs a supported SELECT over the dataset; anything else is a 400 naming what is supported. */
export function runDatasetQuery(dataset: SeedDataset, sql: string): QueryResult {
  const m = SELECT.exec(sql);
  if (!m) throw badRequest(`Unsupported SQL: the local service understands only ${SUPPORTED}; got ${JSON.stringify(sql)}`);
  const [, list, table, limit, offset] = m;
  if (!/^`?table`?$/i.test(table!)) throw badRequest(`Unknown table ${table}: the dataset is always called "table", as in ${SUPPORTED}`);
  const indexes = selectedColumns(dataset, list!);
  const start = offset === undefined ? 0 : Number(offset);
  const end = limit === undefined ? dataset.rows.length : start + Number(limit);
  return {
    columns: indexes.map((i) => dataset.columns[i]!.name),
    rows: dataset.rows.slice(start, end).map((row) => indexes.map((i) => row[i]!)),
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

/** Exact name first, then case-insensitively, as SQL identifiers are in Domo. */
function columnIndex(dataset: SeedDataset, name: string): number {
  const exact = dataset.columns.findIndex((c) => c.name === name);
  if (exact >= 0) return exact;
  const loose = dataset.columns.findIndex((c) => c.name.toLowerCase() === name.toLowerCase());
  if (loose >= 0) return loose;
  throw badRequest(`Unknown column '${name}' in 'field list'; the dataset's columns are: ${dataset.columns.map((c) => c.name).join(', ')}`);
}
