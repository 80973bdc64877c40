// Bundles the lifecycle handler into one file so local-exec starts it with plain `node` quickly,
// without resolving node_modules from the stack folder; then a small starter that runs the bundle
// from V8's code cache, and that cache (see src/handlers/start.ts).
import { spawnSync } from 'node:child_process';
import { build } from 'esbuild';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};
await build({ ...common, entryPoints: ['src/handlers/entry.ts'], outfile: 'dist/handler/domo-identity-handler.js' });
await build({ ...common, entryPoints: ['src/handlers/start.ts'], outfile: 'dist/handler/start.js' });
// The handler prints its usage when started without arguments: that output is not the build's.
const cache = spawnSync(
  process.execPath,
  ['scripts/handler-code-cache.cjs', 'dist/handler/domo-identity-handler.js', 'dist/handler/domo-identity-handler.js.cache'],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
if (cache.status !== 0) throw new Error(`making the handler's code cache failed: ${cache.stderr}`);
