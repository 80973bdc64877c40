/*
 * The names Domo's APIs use, written here from the contract (domo-scim-contract.md in the project's
 * shared notes) and from public Domo client code for the non-SCIM paths. The service keeps its own
 * copy on purpose: it is an independent implementation of that contract, so a client that got a
 * name wrong fails against it instead of agreeing with itself.
 */

/** Schema URNs of Domo users and groups. */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const DOMO_USER = 'urn:ietf:params:scim:schemas:extension:domo:2.0:User';
export const CUSTOM_USER = 'urn:ietf:params:scim:schemas:extension:custom:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const DOMO_GROUP = 'urn:ietf:params:scim:schemas:extension:domo:2.0:Group';

/** SCIM message URNs (RFC 7644). */
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The SCIM root of an instance (`https://{instance}.domo.com/api/identity/v1/scim`). */
export const SCIM_ROOT_PATH = '/api/identity/v1/scim';

/** Attribute definitions: GET lists them all, POST/PUT/DELETE `/{key}` create, replace and delete one. */
export const ATTRIBUTE_KEYS_PATH = '/api/user/v1/properties/meta/keys';

/**
 * Domo's Roles Governance API: every role (the five system roles and the custom ones), one role
 * (`/{roleId}`) and the grants it holds (`/{roleId}/authorities`).
 */
export const ROLES_PATH = '/api/authorization/v1/roles';

/** Every grant (authority) the instance knows, with its title and the roles that hold it. */
export const AUTHORITIES_PATH = '/api/authorization/v1/authorities';

/** Where Domo files an attribute key; only customer-defined keys can be created through the API. */
export const KEYSPACES = ['idp', 'domo-defined', 'customer-defined'] as const;
export type Keyspace = (typeof KEYSPACES)[number];

/** Public API (api.domo.com): OAuth 2 client-credentials token exchange. */
export const OAUTH_TOKEN_PATH = '/oauth/token';

/** Public API: dataset metadata (`/v1/datasets/{id}`) and CSV export (`/v1/datasets/{id}/data`). */
export const DATASETS_PATH = '/v1/datasets';

/** The scope a client-credentials token needs to read datasets. */
export const DATA_SCOPE = 'data';

/** Instance query API (`POST /api/query/v1/execute/{id}`), authorised with the instance token. */
export const DATASET_QUERY_PATH = '/api/query/v1/execute';
