export * from './client';
export * from './errors';
export * from './instance-url';
export * from './paths';
export * from './schemas';
