import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { wrap } from 'node:module';

/**
 * What local-exec starts: it runs the handler bundle next to it from V8's code cache, made at build
 * time, so each shard's handler skips compiling ~1 MB of JavaScript. A cache made by another
 * Node.js version (or missing) is rejected by V8 and the bundle is compiled as usual: same result,
 * slower start. Only Node.js built-ins are used here, as in the bundle.
 */
const bundle = path.join(__dirname, 'engine-bundle.js');
let cachedData: Buffer | undefined;
try {
  cachedData = fs.readFileSync(`${bundle}.cache`);
} catch {
  cachedData = undefined;
}
const script = new vm.Script(wrap(fs.readFileSync(bundle, 'utf8')), { filename: bundle, cachedData });
const module_ = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void).call(module_.exports, module_.exports, require, module_, bundle, __dirname);
