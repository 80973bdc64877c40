export * from './attribute-mapping';
export * from './multi-value';
export * from './user-attributes';
export * from './manifest';
export * from './terraform-json';
export * from './triggers';
export * from './directory-groups';
export * from './group-derivation';
