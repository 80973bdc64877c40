import { z } from 'zod';
import { ConfigError, InputError } from '../errors';
import { authHeaders } from '../domo/auth';
import { DomoTransport, type TransportSettings } from '../domo/transport';
import { parseInstanceRoot } from '../domo/url';
import { DATASET_QUERY_PATH } from '../domo/api/paths';
import { datasetError } from './domo-dataset-public-api';
import { checkRequiredColumns, DatasetBuilder, jsonCell } from './domo-dataset-rows';
import type { Dataset } from './dataset';

/**
 * Reading a dataset through the instance's query API with a developer token: `SELECT * FROM table`
 * page by page (LIMIT/OFFSET), so no single answer has to hold the whole dataset.
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

/** Yields the query answer page by page until a page comes back short. */
async function* queryPages(api: DomoTransport, datasetId: string, pageSize: number): AsyncGenerator<QueryPage, void, undefined> {
  const path = `${DATASET_QUERY_PATH}/${encodeURIComponent(datasetId)}`;
  for (let offset = 0; ;) {
    const sql = `SELECT * FROM table LIMIT ${pageSize} OFFSET ${offset}`;
    // A SELECT changes nothing, so the POST may be resent.
    const { body } = await api.request('POST', path, { body: { sql }, schema: QueryResponse, idempotent: true });
    const page = body ?? { columns: [], rows: [] };
    if (page.rows.length > pageSize) {
      throw new ConfigError(
        `Domo's query API at ${path} answered ${page.rows.length} rows to "LIMIT ${pageSize}"; it does not page as expected, so the dataset cannot be read reliably this way`,
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
  try {
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
    }
  } catch (e) {
    throw datasetError(e, read.datasetId, 'the developer token', instanceUrl);
  } finally {
    await api.close(); // the dispatcher is the caller's: this closes nothing
  }
  return builder!.build();
}
