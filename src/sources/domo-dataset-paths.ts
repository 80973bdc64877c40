/**
 * Paths of the Domo APIs datasets are read through, shared by the client (readDomoDataset) and the
 * local service, so the two cannot drift apart.
 */

/** Domo's public API host, where client-credentials tokens are exchanged and datasets exported. */
export const DEFAULT_DOMO_API_HOST = 'https://api.domo.com';

/** OAuth 2 client-credentials token exchange on the public API host. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/** Dataset metadata (`/v1/datasets/{id}`) and CSV export (`/v1/datasets/{id}/data`) on the public API host. */
export const DATASETS_PATH = '/v1/datasets';

/** The scope a client-credentials token needs to read datasets. */
export const DATA_SCOPE = 'data';

/** Instance query API (`POST /api/query/v1/execute/{id}`), authorised with a developer token. */
export const DATASET_QUERY_PATH = '/api/query/v1/execute';
