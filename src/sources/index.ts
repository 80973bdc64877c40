export * from './csv';
export * from './dataset';
export * from './domo-dataset';
export * from './domo-dataset-csv';
export * from './dataset-location';
