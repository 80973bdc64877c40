export * from './compute';
export * from './deployed';
export * from './desired-state';
export * from './errors';
export * from './live-state';
export * from './report';
export * from './run-drift';
export * from './repair-targets';
