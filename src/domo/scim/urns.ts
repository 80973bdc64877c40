/** Schema and message URNs of Domo's SCIM 2.0 API (see the contract in the README). */
export const CORE_USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const ENTERPRISE_USER = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const DOMO_USER = 'urn:ietf:params:scim:schemas:extension:domo:2.0:User';
export const CUSTOM_USER = 'urn:ietf:params:scim:schemas:extension:custom:2.0:User';
export const CORE_GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const DOMO_GROUP = 'urn:ietf:params:scim:schemas:extension:domo:2.0:Group';
export const LIST_RESPONSE = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';
export const PATCH_OP = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';
export const ERROR = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** The SCIM root path of a Domo instance. */
export const SCIM_ROOT_PATH = '/api/identity/v1/scim';
