// Bundles the lifecycle handler into one file so local-exec starts it with plain `node` quickly,
// without resolving node_modules from the stack folder.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/handlers/entry.ts'],
  outfile: 'dist/handler/domo-identity-handler.js',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});
