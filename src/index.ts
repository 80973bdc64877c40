export * from './constructs';
export * from './sources';
export * from './model';
export * from './errors';
export * from './kinds';
export * from './app/run-app';
export * from './config/backend';
