export * from './run-export';
export * from './policies';
