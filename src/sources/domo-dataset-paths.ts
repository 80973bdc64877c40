/**
 * Paths of the Domo APIs datasets are read through. The public API's live with the other Domo API
 * paths (src/domo/api/paths.ts), since PDP policies use them too; they are re-exported here.
 */
export { DATA_SCOPE, DATASETS_PATH, DEFAULT_DOMO_API_HOST, OAUTH_TOKEN_PATH } from '../domo/api/paths';

/** Instance query API (`POST /api/query/v1/execute/{id}`), authorised with a developer token. */
export const DATASET_QUERY_PATH = '/api/query/v1/execute';
