export * from './cli';
export * from './defaults';
export * from './errors';
export * from './faults';
export * from './rate-limit';
export * from './seed';
export * from './server';
export * from './store';
