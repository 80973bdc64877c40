import { z } from 'zod';
import { csvLine } from './csv';
import { DATASET_QUERY_PATH, DATASETS_PATH } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { SeedDataset, SeedDatasetCell } from './dataset-seed';
import { runDatasetQuery } from './dataset-sql';
import { StreamedBody } from './dataset-stream';
import { badRequest, notFound } from './scim-errors';

/*
 * Datasets, through both of Domo's doors: the public API (metadata and CSV export, behind a
 * client-credentials access token) and the instance query API (SQL, behind the instance token).
 * The paths hold no regex metacharacters, so they can be used in patterns as is.
 */

/** The dataset, or 404. */
export function datasetOf(ctx: EmulatorContext, id: string): SeedDataset {
  const dataset = ctx.store.dataset(id);
  if (!dataset) throw notFound(`DataSet ${id} not found`);
  return dataset;
}

/** A CSV cell: null is an empty field, numbers in JavaScript's shortest form (1.5, not 1.50). */
function cellText(cell: SeedDatasetCell): string {
  return cell === null ? '' : String(cell);
}

/** About 64 KiB per write: few enough writes to be fast, small enough to keep memory flat. */
const CHUNK_CHARS = 64 * 1024;

function* csvChunks(dataset: SeedDataset, includeHeader: boolean): Generator<string> {
  let chunk = includeHeader ? csvLine(dataset.columns.map((c) => c.name)) : '';
  for (const row of dataset.rows) {
    chunk += csvLine(row.map(cellText));
    if (chunk.length >= CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

/** `fileName` ends up in a header: keep it to harmless characters. */
function attachmentName(fileName: string | undefined): Record<string, string> {
  if (fileName === undefined || fileName === '') return {};
  return { 'content-disposition': `attachment; filename="${fileName.replace(/[^A-Za-z0-9._ -]/g, '_')}"` };
}

/** Public API: `GET /v1/datasets/{id}` and `GET /v1/datasets/{id}/data`. */
export const DATASET_PUBLIC_ROUTES: readonly EmulatorRoute[] = [
  {
    method: 'GET',
    pattern: new RegExp(`^${DATASETS_PATH}/([^/]+)/?$`),
    handle: (_req, [id], ctx) => {
      const ds = datasetOf(ctx, id!);
      const columns = ds.columns.map((c) => ({ name: c.name, type: c.type }));
      const pdpEnabled = ctx.store.pdpEnabled(ds.id);
      return {
        status: 200,
        body: { id: ds.id, name: ds.name, rows: ds.rows.length, columns: columns.length, schema: { columns }, pdpEnabled },
      };
    },
  },
  {
    method: 'GET',
    pattern: new RegExp(`^${DATASETS_PATH}/([^/]+)/data/?$`),
    handle: (req, [id], ctx) => {
      const ds = datasetOf(ctx, id!);
      const includeHeader = req.query['includeHeader'] === 'true';
      return {
        status: 200,
        body: new StreamedBody('text/csv; charset=utf-8', () => csvChunks(ds, includeHeader)),
        headers: attachmentName(req.query['fileName']),
      };
    },
  },
];

const QueryBody = z.looseObject({ sql: z.string() });

const shuffles = new WeakMap<EmulatorContext, number>();
/** A new order for each unordered query of this service, the same sequence run after run. */
function nextShuffle(ctx: EmulatorContext): number {
  const n = (shuffles.get(ctx) ?? 0) + 1;
  shuffles.set(ctx, n);
  return n;
}

/** Instance query API: `POST /api/query/v1/execute/{id}` with `{ "sql": "..." }`. */
export const DATASET_QUERY_ROUTES: readonly EmulatorRoute[] = [
  {
    method: 'POST',
    pattern: new RegExp(`^${DATASET_QUERY_PATH}/([^/]+)/?$`),
    handle: (req, [id], ctx) => {
      const body = QueryBody.safeParse(req.body);
      if (!body.success) throw badRequest('The body must be JSON such as {"sql": "SELECT * FROM table"}');
      const ds = datasetOf(ctx, id!);
      const fault = req.fault;
      const result = runDatasetQuery(ds, body.data.sql, {
        ...(fault?.kind === 'query-unordered' ? { shuffleSeed: nextShuffle(ctx) } : {}),
        ...(fault?.kind === 'query-short' ? { missingRows: fault.rows } : {}),
      });
      return {
        status: 200,
        body: {
          datasource: ds.id,
          columns: result.columns,
          rows: result.rows,
          numRows: result.rows.length,
          numColumns: result.columns.length,
          fromcache: false,
        },
      };
    },
  },
];
