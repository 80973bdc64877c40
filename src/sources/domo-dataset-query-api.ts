import { z } from 'zod';
import { ConfigError, InputError } from '../errors';
import { authHeaders } from '../domo/auth';
import { DomoTransport } from '../domo/transport';
import type { TransportSettings } from '../domo/transport-options';
import { parseInstanceRoot } from '../domo/url';
import { DATASET_QUERY_PATH } from '../domo/api/paths';
import { datasetError } from './domo-dataset-public-api';
import { checkComplete, checkRequiredColumns, DatasetBuilder, jsonCell } from './domo-dataset-rows';
import type { Dataset } from './dataset';

/**
 * Reading a dataset through the instance's query API with a developer token: page by page
 * (LIMIT/OFFSET), so no single answer has to hold the whole dataset, in a stable order (ORDER BY
 * every column: without it a database may answer each page from a different order, skipping rows
 * and repeating others), and checked against the dataset's own count before and after. A skipped
 * user would be a leaver whose access the removal policy clears, so a read that does not add up
 * fails, naming the dataset and both counts.
 */

export interface QueryApiRead {
  readonly datasetId: string;
  readonly token: string;
  readonly instanceUrl: string;
  readonly columns?: readonly string[];
  readonly pageSize: number;
}

const QueryResponse = z.looseObject({
  columns: z.array(z.string()),
  // Cells are converted one by one below; checking each here would only walk the page twice.
  rows: z.array(z.array(z.unknown())),
});

interface QueryPage {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly unknown[])[];
}

/** Column names as SQL identifiers (back-quoted; a back quote inside doubled). */
const quoted = (column: string) => `\`${column.replace(/`/g, '``')}\``;

/** One query's answer. A SELECT changes nothing, so the POST may be resent. */
async function query(api: DomoTransport, datasetId: string, sql: string): Promise<QueryPage> {
  const path = `${DATASET_QUERY_PATH}/${encodeURIComponent(datasetId)}`;
  const { body } = await api.request('POST', path, { body: { sql }, schema: QueryResponse, idempotent: true });
  return body ?? { columns: [], rows: [] };
}

/** The dataset's own row count (`SELECT COUNT(*)`). */
async function rowCount(api: DomoTransport, datasetId: string): Promise<number> {
  const page = await query(api, datasetId, 'SELECT COUNT(*) FROM table');
  const count = Number(page.rows[0]?.[0]);
  if (!Number.isSafeInteger(count) || count < 0)
    throw new ConfigError(
      `Domo's query API answered ${JSON.stringify(page.rows[0]?.[0])} to SELECT COUNT(*) for dataset ${datasetId}: the dataset's row count cannot be checked, so it is not read`,
    );
  return count;
}

/** Yields the query answer page by page, ordered by every column, until a page comes back short. */
async function* queryPages(api: DomoTransport, datasetId: string, pageSize: number): AsyncGenerator<QueryPage, void, undefined> {
  // The column names, for ORDER BY: an empty answer carries them.
  const head = await query(api, datasetId, 'SELECT * FROM table LIMIT 0');
  const order = head.columns.map(quoted).join(', ');
  for (let offset = 0; ;) {
    const sql = `SELECT * FROM table${order === '' ? '' : ` ORDER BY ${order}`} LIMIT ${pageSize} OFFSET ${offset}`;
    const page = await query(api, datasetId, sql);
    if (page.rows.length > pageSize) {
      throw new ConfigError(
        `Domo's query API answered ${page.rows.length} rows to "LIMIT ${pageSize}" for dataset ${datasetId}; it does not page as expected, so the dataset cannot be read reliably this way`,
      );
    }
    yield page;
    if (page.rows.length < pageSize) return;
    offset += page.rows.length;
  }
}

export async function readViaQueryApi(read: QueryApiRead, settings: TransportSettings): Promise<Dataset> {
  const root = parseInstanceRoot(read.instanceUrl);
  const instanceUrl = root.url;
  const source = `dataset:${read.datasetId}`;
  const api = new DomoTransport({ ...settings, root, label: 'Domo API', ...authHeaders('Domo API', read.token, 'developer-token') });
  let builder: DatasetBuilder | undefined;
  let counted: number;
  try {
    counted = await rowCount(api, read.datasetId);
    for await (const page of queryPages(api, read.datasetId, read.pageSize)) {
      if (builder === undefined) {
        builder = new DatasetBuilder(source, page.columns);
        checkRequiredColumns(source, builder.columns, read.columns);
      } else if (page.columns.length !== builder.columns.length || page.columns.some((c, i) => c.trim() !== builder!.columns[i])) {
        throw new InputError(
          { file: source },
          `the dataset's columns changed while it was read page by page (now: ${page.columns.join(', ')}); read it again`,
        );
      }
      for (const row of page.rows) builder.add(row.map(jsonCell));
      // A server that ignores OFFSET answers full pages for ever: stop once more rows came than there are.
      if (builder.rowCount > counted)
        throw new InputError(
          { file: source },
          `the read makes no progress: ${builder.rowCount} rows were read but the dataset counts ${counted} rows; ` +
            "Domo's query API does not page as expected (does it ignore OFFSET?), or the dataset grew while it was read. Nothing is synthesized from it",
        );
    }
    const countedAfter = await rowCount(api, read.datasetId);
    checkComplete(source, { read: builder?.rowCount ?? 0, counted, countedAfter });
  } catch (e) {
    throw datasetError(e, read.datasetId, 'the developer token', instanceUrl);
  } finally {
    await api.close(); // the dispatcher is the caller's: this closes nothing
  }
  return builder!.build();
}
