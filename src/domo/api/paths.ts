/**
 * Paths of Domo's non-SCIM APIs, relative to the instance root (https://acme.domo.com). They are
 * not part of the SCIM contract: taken from public Domo client code, so the client and the local
 * service share one spelling of them.
 */

/** Attribute definitions: GET lists them all, POST/PUT/DELETE `/{key}` create, replace and delete one. */
export const ATTRIBUTE_KEYS_PATH = '/api/user/v1/properties/meta/keys';

/**
 * Domo's Roles Governance API (developer portal page "Roles Governance API"): every role (the five
 * system roles and the custom ones), one role (`/{roleId}`) and the grants it holds (`/{roleId}/authorities`).
 */
export const ROLES_PATH = '/api/authorization/v1/roles';

/** Every grant (authority) of the instance, with its title and the roles that hold it. */
export const AUTHORITIES_PATH = '/api/authorization/v1/authorities';

/** Where Domo files an attribute key; only customer-defined keys can be created through the API. */
export const KEYSPACES = ['idp', 'domo-defined', 'customer-defined'] as const;
export type Keyspace = (typeof KEYSPACES)[number];

/** Domo's public API host, where client-credentials tokens are exchanged, datasets exported and PDP policies kept. */
export const DEFAULT_DOMO_API_HOST = 'https://api.domo.com';

/** OAuth 2 client-credentials token exchange on the public API host. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/**
 * Datasets on the public API host: metadata (`/v1/datasets/{id}`), CSV export (`…/data`) and PDP
 * policies (`…/policies`, `…/policies/{pdp_id}`).
 */
export const DATASETS_PATH = '/v1/datasets';

/** The scope a client-credentials token needs to read datasets and manage their PDP policies. */
export const DATA_SCOPE = 'data';

/** Instance query API (`POST /api/query/v1/execute/{id}`), authorised with a developer token. */
export const DATASET_QUERY_PATH = '/api/query/v1/execute';

/**
 * The one rule of a dataset id, the last part of the dataset's URL in Domo: the problem, or
 * undefined when it is valid. It becomes a path segment, so spaces, "/", "?" and "#" are refused.
 */
export function datasetIdProblem(id: string): string | undefined {
  if (id.trim() === '') return 'is empty';
  if (id.trim() !== id || /[\s/?#]/.test(id)) return 'holds a space, "/", "?" or "#"';
  return undefined;
}
