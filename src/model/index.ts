export * from './identity';
export * from './multi-value';
export * from './terraform-json';
export * from './triggers';
export * from './roles';
export * from './layout';
export * from './attribute-values';
