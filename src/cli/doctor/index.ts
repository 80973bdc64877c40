export * from './errors';
export * from './managed-names';
export * from './report';
export * from './run-doctor';
