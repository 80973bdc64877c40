export * from './analyze';
export * from './current';
export * from './manifests';
export * from './problems';
export * from './repairs';
export * from './summarize';
export * from './terraform-show';
