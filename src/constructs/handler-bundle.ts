import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_DIR } from '../model/manifest';
import { handlerBundleMissing } from './errors';

const PACKAGE_NAME = 'cdktf-domo-identity';
const BUNDLE = path.join('dist', 'handler', 'domo-identity-handler.js');

/** Built next to the bundle: runs it from V8's code cache (src/handlers/start.ts). */
const STARTER = 'start.js';
/** The bundle's name beside the starter in the stack folder, as the starter expects it. */
const STARTED_BUNDLE = 'handler-bundle.js';

/** Path of the handler inside the stack folder, as local-exec sees it (Terraform's cwd). */
export const HANDLER_PATH = `${MANIFEST_DIR}/handler.js`;

let cached: string | undefined;

/** The bundled handler of this package, located from this file whether run from src or dist. */
export function handlerBundlePath(): string {
  if (cached) return cached;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && JSON.parse(fs.readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) break;
    const parent = path.dirname(dir);
    if (parent === dir) throw handlerBundleMissing(BUNDLE);
    dir = parent;
  }
  const bundle = path.join(dir, BUNDLE);
  if (!fs.existsSync(bundle)) throw handlerBundleMissing(bundle);
  cached = bundle;
  return bundle;
}

/**
 * Copies the handler next to cdk.tf.json so a deploy needs nothing outside the stack folder: the
 * starter local-exec runs (HANDLER_PATH), the bundle, and its code cache when the build made one.
 */
export function writeHandler(stackDir: string): void {
  const bundle = handlerBundlePath();
  const target = path.join(stackDir, HANDLER_PATH);
  const dir = path.dirname(target);
  fs.mkdirSync(dir, { recursive: true });
  const starter = path.join(path.dirname(bundle), STARTER);
  if (!fs.existsSync(starter)) throw handlerBundleMissing(starter);
  fs.copyFileSync(starter, target);
  fs.copyFileSync(bundle, path.join(dir, STARTED_BUNDLE));
  const cache = `${bundle}.cache`;
  if (fs.existsSync(cache)) fs.copyFileSync(cache, path.join(dir, `${STARTED_BUNDLE}.cache`));
  else fs.rmSync(path.join(dir, `${STARTED_BUNDLE}.cache`), { force: true });
}
