export * from './client';
export * from './roles';

export * from '../url';
export * from './paths';
export * from './schemas';
export * from '../errors';
