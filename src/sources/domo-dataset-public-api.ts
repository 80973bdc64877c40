import type { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { z } from 'zod';
import { asDomoApiError, DomoApiError } from '../domo/errors';
import { ConfigError, InputError, InputErrors } from '../errors';
import { ScimError } from '../domo/errors';
import { DATASETS_PATH, DEFAULT_DOMO_API_HOST } from '../domo/api/paths';
import { openApiSession } from '../domo/api/oauth';
import { canonicalCsvCell, checkComplete, checkRequiredColumns, DatasetBuilder } from './domo-dataset-rows';
import { DomoTransport } from '../domo/transport';
import type { TransportSettings } from '../domo/transport-options';
import { parseApiRoot } from '../domo/url';
import type { Dataset } from './dataset';

/**
 * Reading a dataset through Domo's public API (api.domo.com) with an OAuth client: exchange the
 * client id and secret for an access token, read the schema, then stream the CSV export.
 */

export interface PublicApiRead {
  readonly datasetId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** @default DEFAULT_DOMO_API_HOST */
  readonly apiHost?: string;
  readonly columns?: readonly string[];
}

const DatasetMetadata = z.looseObject({
  id: z.string(),
  name: z.string().optional(),
  /** The dataset's own row count: the export must hold as many. */
  rows: z.number().int().nonnegative().optional(),
  schema: z.looseObject({ columns: z.array(z.looseObject({ name: z.string(), type: z.string() })) }),
});

export async function readViaPublicApi(read: PublicApiRead, settings: TransportSettings): Promise<Dataset> {
  const root = parseApiRoot(read.apiHost ?? DEFAULT_DOMO_API_HOST, 'Domo API host', DEFAULT_DOMO_API_HOST);
  const host = root.url;
  const source = `dataset:${read.datasetId}`;
  const api = await openApiSession(new DomoTransport({ ...settings, root, label: 'Domo API' }), read, root);
  const who = `the access token of API client "${read.clientId}"`;
  const datasetPath = `${DATASETS_PATH}/${encodeURIComponent(read.datasetId)}`;

  let types: Map<string, string>;
  let counted: number | undefined;
  try {
    const { body } = await api.request('GET', datasetPath, { schema: DatasetMetadata });
    counted = body?.rows;
    const columns = body?.schema.columns ?? [];
    types = new Map(columns.map((c) => [c.name.trim(), c.type]));
    // Before the download, so a misspelt column fails in one small request.
    checkRequiredColumns(source, [...types.keys()], read.columns);
  } catch (e) {
    throw datasetError(e, read.datasetId, who, host);
  } finally {
    await api.close(); // the dispatcher is the caller's: this closes nothing
  }

  let body: Readable;
  try {
    const res = await api.send('GET', `${datasetPath}/data`, {
      query: { includeHeader: 'true', fileName: `${read.datasetId}.csv` },
      headers: { accept: 'text/csv' },
    });
    body = res.body;
  } catch (e) {
    throw datasetError(e, read.datasetId, who, host);
  }
  const dataset = await parseExport(body, `${datasetPath}/data`, source, types, read.columns);
  if (counted !== undefined) checkComplete(source, { read: dataset.rows.length, counted });
  return dataset;
}

/** An unknown dataset becomes an InputError naming it; a refused token a ConfigError naming whose it is. */
export function datasetError(e: unknown, datasetId: string, who: string, host: string): unknown {
  const err = asDomoApiError(e);
  if (!(err instanceof ScimError)) return err;
  const detail = err.detail ? `: ${err.detail}` : '';
  if (err.status === 404) {
    return new InputError(
      { file: `dataset:${datasetId}` },
      `Domo at ${host} has no dataset with this id (HTTP 404${detail}); check the id, the last part of the dataset's URL in Domo`,
    );
  }
  if (err.status === 401 || err.status === 403) {
    return new ConfigError(
      `Domo at ${host} refused ${who} reading dataset ${datasetId} (HTTP ${err.status}${detail}): check the credentials and that they may read this dataset`,
      { cause: err },
    );
  }
  return err;
}

/** Parses the export as it arrives; only the rows are kept, never the CSV text. */
async function parseExport(
  body: Readable,
  path: string,
  source: string,
  types: ReadonlyMap<string, string>,
  required: readonly string[] | undefined,
): Promise<Dataset> {
  const parser = parse({ bom: true, relax_column_count: true });
  body.on('error', (e) => parser.destroy(e));
  body.pipe(parser);
  let builder: DatasetBuilder | undefined;
  let columnTypes: (string | undefined)[] = [];
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      if (builder === undefined) {
        builder = new DatasetBuilder(source, fields);
        checkRequiredColumns(source, builder.columns, required);
        columnTypes = builder.columns.map((c) => types.get(c));
        continue;
      }
      builder.add(fields.map((f, i) => canonicalCsvCell(f, columnTypes[i])));
    }
  } catch (e) {
    if (e instanceof CsvError) {
      const row = (builder?.rowCount ?? 0) + 1;
      throw new InputError(
        builder === undefined ? { file: source } : { file: source, row, line: row + 1 },
        `Domo's CSV export is malformed (${e.code}): ${e.message}`,
      );
    }
    if (e instanceof InputError || e instanceof InputErrors) throw e;
    // Not retried: the rows read so far would have to be thrown away, and the export may be large.
    throw new DomoApiError({
      method: 'GET',
      path,
      cause: e,
      message: `Domo API GET ${path} broke off during the CSV export: ${(e as Error).message}`,
    });
  } finally {
    body.destroy();
  }
  if (builder === undefined) throw new InputError({ file: source }, "Domo's CSV export is empty: it should start with a header row");
  return builder.build();
}
