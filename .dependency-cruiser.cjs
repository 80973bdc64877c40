/**
 * The import rules of the layering (docs/design.md, "Layers"): checked by `npm run lint`.
 * @type {import('dependency-cruiser').IConfiguration}
 */
module.exports = {
  forbidden: [
    {
      name: 'no-runtime-cycle',
      comment: 'A runtime import cycle makes module load order matter; type-only imports are erased and may cycle.',
      severity: 'error',
      from: {},
      to: { circular: true, viaOnly: { dependencyTypesNot: ['type-only'] } },
    },
    {
      name: 'lower-layers-know-no-kind',
      comment: 'synth, engine, domo, model and sources sit below the kinds: kinds are injected into them, never imported.',
      severity: 'error',
      from: { path: '^src/(synth|engine|domo|model|sources)/' },
      to: { path: '^src/(kinds/[^/]+/|cli/)' },
    },
    {
      name: 'no-kind-to-kind',
      comment: 'A kind is one folder: what two kinds share lives below them (src/people, src/model), not in one of them.',
      severity: 'error',
      from: { path: '^src/kinds/([^/]+)/' },
      to: { path: '^src/kinds/[^/]+/', pathNot: '^src/kinds/$1/' },
    },
    {
      name: 'only-commands-import-cli',
      comment: 'src/cli holds the commands: nothing below them imports it.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/cli/' },
      to: { path: '^src/cli/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    exclude: { path: '^(dist|node_modules)/' },
  },
};
