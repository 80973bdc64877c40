export * from './franchise-identity-stack';
