// Makes V8's code cache for the engine bundle: compiles it, runs its start-up (module set-up of
// undici, zod and the engine; the arguments are refused, so nothing else happens) and writes the
// cache of everything compiled by then. Run by bundle-handlers.mjs in a process of its own.
const fs = require('node:fs');
const vm = require('node:vm');
const { wrap } = require('node:module');

const [bundle, out] = process.argv.slice(2);
const script = new vm.Script(wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle });
process.argv = [process.argv[0], bundle];
const module_ = { exports: {} };
script.runInThisContext().call(module_.exports, module_.exports, require, module_, bundle, require('node:path').dirname(bundle));
process.on('exit', () => {
  fs.writeFileSync(out, script.createCachedData());
  process.exitCode = 0;
});
