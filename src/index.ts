/**
 * The public API of cdktf-domo-identity: the constructs, the dataset sources and derivations that
 * feed them, sharding, the state backends, the identity rules people write data against, and the
 * errors an app may catch. Everything else is internal; api/cdktf-domo-identity.api.md records
 * this surface, and `npm run lint` fails when it changes without that file.
 */

// Constructs
export { DomoUserAttributes, type DomoUserAttributesProps } from './kinds/user-attributes/domo-user-attributes';
export { DomoUsers, type DomoUsersProps } from './kinds/users/domo-users';
export { DomoDirectoryGroups, type DomoDirectoryGroupsProps } from './kinds/directory-groups/domo-directory-groups';
export { DomoDirectoryGroup, type DomoDirectoryGroupProps } from './kinds/directory-groups/domo-directory-group';
export type { DirectoryGroupOptions, GroupsConstructSettings } from './kinds/directory-groups/domo-directory-groups';
export { DomoCustomAttributes, type DomoCustomAttributesProps } from './kinds/custom-attributes/domo-custom-attributes';
export { AttributeDefinition, ResolvedDefinition } from './kinds/custom-attributes/model';
export { DomoPdpPolicies, type DomoPdpPoliciesProps } from './kinds/pdp-policies/domo-pdp-policies';
export { DesiredPdpPolicy, PdpOperator } from './kinds/pdp-policies/model';
export { DomoRoles, type DomoRolesProps } from './kinds/roles/domo-roles';
export { DesiredRole } from './kinds/roles/model';
export {
  DomoGovernancePolicy,
  type DomoGovernancePolicyProps,
  type GovernedKey,
  type GovernedValueSource,
} from './constructs/domo-governance-policy';
export type { BackingResource } from './constructs/backing';
export type { IAttributeWriter, AttributeWrite } from './constructs/attribute-writer';
export type { RemovalGuardProps } from './constructs/removal-guard';
export type { ScimTarget } from './constructs/scim-target';
export { Sharding, type ShardableUser } from './constructs/sharding';
export type { RetainOrDelete } from './model/kind';
export type { RemovalPolicy } from './kinds/user-attributes/manifest';

// Datasets
export { readCsvFile, parseCsv, type CsvOptions } from './sources/csv';
export type { Dataset, DatasetRow } from './sources/dataset';
export {
  readDomoDataset,
  datasetAuthFromEnv,
  type DomoDatasetAuth,
  type DomoDatasetOptions,
  type ClientCredentialsAuth,
  type DeveloperTokenAuth,
} from './sources/domo-dataset';
export type { RetryPolicy } from './domo/retry';
export { loadDataset, DOMO_DATASET_PREFIX, type LoadDatasetOptions } from './sources/dataset-location';
export { writeDatasetCsv, type CsvWriteOptions } from './sources/domo-dataset-csv';

// Desired state from datasets
export { mapUserAttributes, type AttributeMapping } from './kinds/user-attributes/mapping';
export { DesiredUserAttributes } from './kinds/user-attributes/model';
export { DesiredUser, NormalizedUser } from './kinds/users/model';
export { deriveGroups, type GroupDerivation, type GroupFieldSource } from './kinds/directory-groups/derivation';
export { DesiredGroup, MembershipMode } from './kinds/directory-groups/model';
export { derivePolicies, type PdpPolicySpec, type PdpFilterSpec, type PolicyDerivation } from './kinds/pdp-policies/derivation';
export { readPdpPoliciesFile } from './kinds/pdp-policies/policies-file';
export { type RoleSpec, DEFAULT_FROM_ROLE } from './kinds/roles/validate';
export { readRolesFile } from './kinds/roles/roles-file';

// Identity rules and values
export { isUserName, userNameProblem, isAttributeKey, attributeKeyProblem, userKey } from './model/identity';
export { parseCellValues, formatCellValues, CellValueError, type MultiValueOptions } from './model/multi-value';
export { SYSTEM_ROLE_IDS, describeRole, type SystemRoleName } from './model/roles';

// Apps and state
export { runApp, type RunAppOptions } from './app/run-app';
export { backendFromEnv, STATE_BACKENDS, STATE_BACKEND_VARIABLE, type StateBackend } from './config/backend';
export { ConfigError, InputError, InputErrors, type InputLocation } from './errors';
/** The CDK types the signatures above use, from the core the app loads (cdktf or cdktn). */
export type { App, AppConfig, TerraformStack, TerraformBackend, TerraformResource } from './cdk';
