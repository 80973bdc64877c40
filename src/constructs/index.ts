export * from './backing';
export * from './scim-target';
export * from './sharding';
export * from './attribute-writer';
export * from './domo-governance-policy';
