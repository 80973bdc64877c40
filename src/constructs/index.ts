export * from './backing';
export * from './domo-directory-group';
export * from './domo-directory-groups';
export * from './domo-user-attributes';
export * from './scim-target';
export * from './sharding';
