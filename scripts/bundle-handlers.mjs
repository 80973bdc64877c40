// Bundles what a deploy runs from the stack folder, so local-exec starts it with plain `node`
// without resolving node_modules: the handler (Node built-ins only, it starts in tens of
// milliseconds), the engine bundle, a small starter that runs the engine from V8's code cache,
// and that cache (see src/handlers/engine-start.ts).
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
await build({ ...common, entryPoints: ['src/handlers/entry.ts'], outfile: 'dist/handler/handler.js' });
const engine = await build({
  ...common,
  entryPoints: ['src/handlers/engine-entry.ts'],
  outfile: 'dist/handler/engine-bundle.js',
  metafile: true,
});
// The engine starts on every deploy and must not load the CDK core: a construct file reached
// through a kind's hooks would pull it in, and the engine would refuse to start without cdktf.
const cdk = Object.keys(engine.metafile.inputs).filter((input) =>
  /(^|\/)node_modules\/(cdktf|cdktn|constructs)\/|^src\/cdk\.ts$/.test(input),
);
if (cdk.length > 0)
  throw new Error(`the engine bundle reaches the CDK core through: ${cdk.join(', ')}; keep construct files out of what the engine imports`);
await build({ ...common, entryPoints: ['src/handlers/engine-start.ts'], outfile: 'dist/handler/engine.js' });
// The engine refuses to start without arguments: that output is not the build's.
const cache = spawnSync(
  process.execPath,
  ['scripts/handler-code-cache.cjs', 'dist/handler/engine-bundle.js', 'dist/handler/engine-bundle.js.cache'],
  { stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' },
);
if (cache.status !== 0) throw new Error(`making the engine's code cache failed: ${cache.stderr}`);
