export { RetainOrDelete, ScimConnection } from '../model/kind';
export { RemovalPolicy } from './user-attributes/manifest';
