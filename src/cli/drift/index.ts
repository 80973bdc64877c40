export * from './compute';
export * from './desired-state';
export * from './errors';
export * from './live-state';
export * from './report';
export * from './run-drift';
export * from './repair-targets';
export * from './policies';
