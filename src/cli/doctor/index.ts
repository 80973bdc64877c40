export * from './errors';
export * from './managed-keys';
export * from './report';
export * from './run-doctor';
