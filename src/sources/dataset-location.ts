import type { Dispatcher } from 'undici';
import { ConfigError } from '../errors';
import { readCsvFile, type CsvOptions } from './csv';
import type { Dataset } from './dataset';
import { datasetAuthFromEnv, readDomoDataset } from './domo-dataset';

/** The prefix that marks a live Domo dataset, as opposed to a file path. */
export const DOMO_DATASET_PREFIX = 'domo-dataset:';

export interface LoadDatasetOptions extends CsvOptions {
  /** Columns the stack needs; a live dataset without one fails naming it. @default - none required */
  readonly columns?: readonly string[];
  /** Where live-dataset credentials come from (DOMO_CLIENT_ID/SECRET or DOMO_DEVELOPER_TOKEN/DOMO_INSTANCE_URL). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default - a keep-alive Agent, closed when the read ends */
  readonly dispatcher?: Dispatcher;
}

/**
 * Reads a dataset named by its location: `domo-dataset:<id>` reads the live Domo dataset with the
 * credentials of the environment; anything else is a CSV file (typically a snapshot pinned with
 * `domo-identity snapshot`). One switch, so a stack moves between pinned and live data without a
 * code change.
 */
export async function loadDataset(location: string, options: LoadDatasetOptions = {}): Promise<Dataset> {
  if (!location.startsWith(DOMO_DATASET_PREFIX)) return readCsvFile(location, options);
  const datasetId = location.slice(DOMO_DATASET_PREFIX.length).trim();
  if (datasetId === '')
    throw new ConfigError(
      `"${location}" names no dataset: write ${DOMO_DATASET_PREFIX}<id>, the id being the last part of the dataset's URL in Domo`,
    );
  return readDomoDataset({
    datasetId,
    auth: datasetAuthFromEnv(options.env ?? process.env),
    columns: options.columns,
    dispatcher: options.dispatcher,
  });
}
