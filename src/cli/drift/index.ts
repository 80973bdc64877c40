export * from './desired-state';
export * from './errors';
export * from './report';
export * from './run-drift';
