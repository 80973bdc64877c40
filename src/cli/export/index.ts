export * from './run-export';
