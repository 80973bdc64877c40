export * from './backing';
export * from './domo-user-attributes';
export * from './scim-target';
export * from './sharding';
