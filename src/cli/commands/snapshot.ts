import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { datasetAuthFromEnv, readDomoDataset, type DomoDatasetOptions } from '../../sources/domo-dataset';
import { writeDatasetCsv } from '../../sources/domo-dataset-csv';
import { exitCodesHelp } from '../exit-codes';
import { commaList } from './run-options';

const SnapshotCommandOptions = z.object({
  datasetId: z.string().trim().min(1, 'DATASET_ID is empty: pass the id from the dataset URL in Domo'),
  out: z.string({ error: '--out <file> is required' }).trim().min(1, '--out needs a file name'),
  columns: commaList('--columns', 'email,region').optional(),
  json: z.boolean().default(false),
});

export interface SnapshotResult {
  readonly datasetId: string;
  readonly file: string;
  readonly rows: number;
  readonly columns: readonly string[];
}

/**
 * `domo-identity snapshot DATASET_ID --out FILE`: reads the dataset with the credentials of the
 * environment and writes it as CSV. Throws ConfigError or InputError (exit 2) for bad usage,
 * credentials, ids or columns.
 */
export async function runSnapshotCommand(
  raw: Record<string, unknown>,
  env: NodeJS.ProcessEnv = process.env,
  read: Pick<DomoDatasetOptions, 'dispatcher' | 'sleep' | 'retry'> = {},
): Promise<SnapshotResult> {
  const parsed = SnapshotCommandOptions.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`snapshot: invalid options:\n${z.prettifyError(parsed.error)}`);
  const opts = parsed.data;
  const auth = datasetAuthFromEnv(env);
  const where =
    auth.kind === 'client-credentials' ? `API client "${auth.clientId}" at ${auth.apiHost}` : `a developer token at ${auth.instanceUrl}`;
  process.stderr.write(`Reading dataset ${opts.datasetId} with ${where}...\n`);
  const dataset = await readDomoDataset({ ...read, datasetId: opts.datasetId, auth, columns: opts.columns });
  await writeDatasetCsv(dataset, opts.out, { columns: opts.columns });
  const columns = opts.columns ?? dataset.columns;
  const result: SnapshotResult = { datasetId: opts.datasetId, file: opts.out, rows: dataset.rows.length, columns };
  process.stderr.write(
    `Wrote ${result.rows} row${result.rows === 1 ? '' : 's'} and ${columns.length} column${columns.length === 1 ? '' : 's'} to ${path.resolve(opts.out)}.\n`,
  );
  if (opts.json) process.stdout.write(`${JSON.stringify(result)}\n`);
  return result;
}

/** Adds `domo-identity snapshot`. */
export function registerSnapshot(program: Command): void {
  program
    .command('snapshot')
    .argument('<DATASET_ID>', "the dataset's id: the last part of its URL in Domo")
    .description(
      'Save a Domo dataset as a CSV file. Point the stack at the file instead of the live dataset and every plan reads ' +
        'the same rows, so plans are reproducible and reviewable until you take a new snapshot.',
    )
    .requiredOption('--out <file>', 'CSV file to write (replaced atomically; the header row names the columns)')
    .option('--columns <a,b>', 'write only these columns, in this order; the snapshot fails if any is missing from the dataset')
    .option('--json', 'print { datasetId, file, rows, columns } as JSON on stdout')
    .addHelpText(
      'after',
      [
        '',
        'Credentials come from the environment and are never printed:',
        '  DOMO_CLIENT_ID, DOMO_CLIENT_SECRET   an API client with the data scope (public API export)',
        '  DOMO_API_HOST                        public API root (default https://api.domo.com)',
        'or, when no client is set:',
        '  DOMO_DEVELOPER_TOKEN, DOMO_INSTANCE_URL   a developer token and the instance root, e.g. https://acme.domo.com (query API)',
        '',
        'Cells are written as text: empty for null, numbers in canonical form (1.5, not 1.50), dates as Domo gives them.',
      ].join('\n') + exitCodesHelp('snapshot'),
    )
    .action(async (datasetId: string, opts: Record<string, unknown>) => {
      await runSnapshotCommand({ ...opts, datasetId });
    });
}
