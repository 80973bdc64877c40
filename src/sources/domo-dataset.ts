import { Agent, type Dispatcher } from 'undici';
import { ConfigError } from '../errors';
import { parseInstanceRoot } from '../domo/url';
import type { RetryPolicy } from '../domo/retry';
import { datasetIdProblem } from '../domo/api/paths';
import { clientCredentialProblem } from '../domo/api/oauth';
import { publicApiFromEnv } from '../config/public-api-env';
import { readViaPublicApi } from './domo-dataset-public-api';
import { readViaQueryApi } from './domo-dataset-query-api';
import type { Dataset } from './dataset';

/** An OAuth client of Domo's public API (developer.domo.com), with the data scope. */
export interface ClientCredentialsAuth {
  readonly kind: 'client-credentials';
  readonly clientId: string;
  readonly clientSecret: string;
  /** Public API root; plain http only for loopback hosts. @default 'https://api.domo.com' */
  readonly apiHost?: string;
}

/** A developer token of the instance (Admin > Authentication > Access tokens). */
export interface DeveloperTokenAuth {
  readonly kind: 'developer-token';
  readonly token: string;
  /** The instance root, e.g. https://acme.domo.com; plain http only for loopback hosts. */
  readonly instanceUrl: string;
}

export type DomoDatasetAuth = ClientCredentialsAuth | DeveloperTokenAuth;

export interface DomoDatasetOptions {
  /** The dataset id: the last part of its URL in Domo, e.g. 2f7a1c9e-... */
  readonly datasetId: string;
  /** Client credentials read the CSV export of the public API; a developer token pages through the query API. */
  readonly auth: DomoDatasetAuth;
  /** Columns the caller needs; any missing fails the read with an InputError naming it. @default - none required */
  readonly columns?: readonly string[];
  /** Rows per query API request (developer-token only). @default 50_000 */
  readonly pageSize?: number;
  /** @default - a keep-alive Agent, closed when the read ends */
  readonly dispatcher?: Dispatcher;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Headers and body (idle) timeouts of one attempt. @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** @default - a real timer; inject to keep tests off the clock */
  readonly sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_DATASET_PAGE_SIZE = 50_000;

/**
 * Reads a Domo dataset into a {@link Dataset} whose source is `dataset:<id>`: every cell a string,
 * null as '', numbers in canonical form ("101", "1.5"), dates as Domo gives them; row numbers are
 * 1-based and a row's line is row + 1, as in a CSV export with its header.
 *
 * Fails with an InputError for an unknown dataset or a missing column, a ConfigError for refused
 * credentials (naming whose, never the secret), and a DomoApiError when Domo keeps failing.
 */
export async function readDomoDataset(options: DomoDatasetOptions): Promise<Dataset> {
  const datasetId = typeof options.datasetId === 'string' ? options.datasetId.trim() : '';
  if (datasetIdProblem(datasetId) !== undefined) {
    throw new ConfigError(
      `Dataset id ${JSON.stringify(options.datasetId)} is invalid: pass the id from the dataset's URL in Domo, e.g. 2f7a1c9e-...`,
    );
  }
  const pageSize = options.pageSize ?? DEFAULT_DATASET_PAGE_SIZE;
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new ConfigError(`Dataset pageSize must be a whole number >= 1, got ${pageSize}`);
  const auth = checkAuth(options.auth);
  const dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000 });
  const transport = { dispatcher, retry: options.retry, requestTimeoutMs: options.requestTimeoutMs, sleep: options.sleep };
  try {
    return auth.kind === 'client-credentials'
      ? await readViaPublicApi(
          { datasetId, clientId: auth.clientId, clientSecret: auth.clientSecret, apiHost: auth.apiHost, columns: options.columns },
          transport,
        )
      : await readViaQueryApi(
          { datasetId, token: auth.token, instanceUrl: auth.instanceUrl, columns: options.columns, pageSize },
          transport,
        );
  } finally {
    if (options.dispatcher === undefined) await dispatcher.close();
  }
}

/** Credentials pasted from files often carry a newline: trimmed; anything else unprintable is a mistake. Never quotes a secret. */
function checkAuth(auth: DomoDatasetAuth): DomoDatasetAuth {
  const value = (v: unknown, what: string, part: 'id' | 'secret'): string => {
    const s = typeof v === 'string' ? v.trim() : '';
    if (s === '') throw new ConfigError(`Dataset auth: ${what} is empty`);
    const problem = clientCredentialProblem(s, part);
    if (problem !== undefined)
      throw new ConfigError(`Dataset auth: ${what} ${problem}${part === 'secret' ? '' : `: ${JSON.stringify(s)}`}`);
    return s;
  };
  switch (auth?.kind) {
    case 'client-credentials': {
      const clientId = value(auth.clientId, 'the client id', 'id');
      return { kind: auth.kind, clientId, clientSecret: value(auth.clientSecret, 'the client secret', 'secret'), apiHost: auth.apiHost };
    }
    case 'developer-token':
      return { kind: auth.kind, token: value(auth.token, 'the developer token', 'secret'), instanceUrl: auth.instanceUrl };
    default:
      throw new ConfigError(
        `Dataset auth kind ${JSON.stringify((auth as { kind?: unknown } | undefined)?.kind)} is not supported; use "client-credentials" or "developer-token"`,
      );
  }
}

/** The environment variables {@link datasetAuthFromEnv} reads. */
export const DATASET_AUTH_ENV = [
  'DOMO_CLIENT_ID',
  'DOMO_CLIENT_SECRET',
  'DOMO_API_HOST',
  'DOMO_DEVELOPER_TOKEN',
  'DOMO_INSTANCE_URL',
] as const;

/**
 * Dataset auth from the environment: DOMO_CLIENT_ID + DOMO_CLIENT_SECRET (+ DOMO_API_HOST,
 * default https://api.domo.com) for client credentials, else DOMO_DEVELOPER_TOKEN +
 * DOMO_INSTANCE_URL for a developer token. Empty variables count as unset. A ConfigError names
 * the variables missing; it never contains a value of a secret.
 */
export function datasetAuthFromEnv(env: NodeJS.ProcessEnv = process.env): DomoDatasetAuth {
  const get = (name: (typeof DATASET_AUTH_ENV)[number]) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const clientId = get('DOMO_CLIENT_ID');
  const clientSecret = get('DOMO_CLIENT_SECRET');
  const token = get('DOMO_DEVELOPER_TOKEN');
  const instanceUrl = get('DOMO_INSTANCE_URL');
  if (clientId !== undefined || clientSecret !== undefined) {
    const access = publicApiFromEnv(env, 'reading datasets with client credentials');
    return { kind: 'client-credentials', ...access };
  }
  if (token !== undefined && instanceUrl !== undefined) {
    try {
      parseInstanceRoot(instanceUrl);
    } catch (e) {
      throw new ConfigError(`DOMO_INSTANCE_URL: ${(e as Error).message}`);
    }
    return { kind: 'developer-token', token, instanceUrl };
  }
  if (token !== undefined)
    throw new ConfigError(
      'DOMO_DEVELOPER_TOKEN is set but DOMO_INSTANCE_URL is not: set it to the instance root, e.g. https://acme.domo.com',
    );
  if (instanceUrl !== undefined)
    throw new ConfigError('DOMO_INSTANCE_URL is set but DOMO_DEVELOPER_TOKEN is not: set it to a developer token of the instance');
  throw new ConfigError(
    'No Domo credentials to read datasets with: set DOMO_CLIENT_ID and DOMO_CLIENT_SECRET (an API client with the data scope; DOMO_API_HOST defaults to https://api.domo.com), ' +
      'or DOMO_DEVELOPER_TOKEN and DOMO_INSTANCE_URL',
  );
}
