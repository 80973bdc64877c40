export { RetainOrDelete, ScimConnection, KindName } from './kind';
export { RemovalPolicy } from './user-attributes/manifest';
