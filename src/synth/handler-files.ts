import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import { ENGINE_FILE, HANDLER_FILE, MANIFEST_DIR } from '../model/layout';

const PACKAGE_NAME = 'cdktf-domo-identity';
/** What `npm run build` makes (scripts/bundle-handlers.mjs), relative to the package root. */
const BUILT = path.join('dist', 'handler');
/** Beside the engine's starter: the engine bundle and V8's code cache of it. */
export const ENGINE_BUNDLE = 'engine-bundle.js';

/** Path of the handler inside the stack folder, as local-exec sees it (Terraform's cwd). */
export const HANDLER_PATH = `${MANIFEST_DIR}/${HANDLER_FILE}`;

let cached: string | undefined;

/** The built handler folder of this package, located from this file whether run from src or dist. */
export function builtHandlerDir(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) break;
    const parent = path.dirname(dir);
    if (parent === dir) throw handlerMissing(BUILT);
    dir = parent;
  }
  const built = path.join(dir, BUILT);
  for (const file of [HANDLER_FILE, ENGINE_FILE, ENGINE_BUNDLE]) {
    if (!fs.existsSync(path.join(built, file))) throw handlerMissing(path.join(built, file));
  }
  cached = built;
  return built;
}

/**
 * Copies the handler and the engine next to cdk.tf.json so a deploy needs nothing outside the
 * stack folder: the handler local-exec runs, the engine's starter, its bundle, and the bundle's
 * code cache when the build made one.
 */
export function writeHandler(stackDir: string): void {
  const built = builtHandlerDir();
  const dir = path.join(stackDir, MANIFEST_DIR);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of [HANDLER_FILE, ENGINE_FILE, ENGINE_BUNDLE]) fs.copyFileSync(path.join(built, file), path.join(dir, file));
  const cache = path.join(built, `${ENGINE_BUNDLE}.cache`);
  if (fs.existsSync(cache)) fs.copyFileSync(cache, path.join(dir, `${ENGINE_BUNDLE}.cache`));
  else fs.rmSync(path.join(dir, `${ENGINE_BUNDLE}.cache`), { force: true });
}

function handlerMissing(file: string): ConfigError {
  return new ConfigError(`The lifecycle handler ${file} is missing: build this package first (npm run build).`);
}
