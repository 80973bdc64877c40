export * from './csv';
export * from './dataset';
