import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { ConfigError } from '../../errors';
import { EMULATOR_PACKAGE } from '../emulator-package';
import { PACKAGE_NAME } from '../package-info';

/*
 * `init --vendor`: the project carries the two packages it needs that are not on the npm registry
 * (this one and the local Domo service) as tarballs in `vendor/`, and depends on them by relative
 * `file:vendor/…` paths. A relative path inside the repository is the same on every clone, and npm
 * records the tarball's integrity in package-lock.json, so `npm ci` anywhere installs exactly the
 * committed bytes, with an empty cache too; every other dependency comes from the registry. An
 * absolute `file:` path, or a tarball kept beside the repository, exists only where it was made.
 */

/** The folder of the project that holds the tarballs. */
export const VENDOR_DIR = 'vendor';

/** A package to vendor: its installed folder, and the tarball `npm pack` makes of it. */
export interface VendoredPackage {
  readonly name: string;
  readonly version: string;
  /** The installed folder `npm pack` reads. */
  readonly root: string;
  /** `vendor/<name>-<version>.tgz`, relative to the project. */
  readonly file: string;
}

function manifestOf(root: string): { name: string; version: string } {
  return JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { name: string; version: string };
}

function vendored(root: string): VendoredPackage {
  const { name, version } = manifestOf(root);
  return { name, version, root, file: path.posix.join(VENDOR_DIR, `${name.replace(/^@/, '').replace('/', '-')}-${version}.tgz`) };
}

/**
 * This package (installed at `root`) and the local Domo service's package, found as Node.js
 * resolves it from this package or from `cwd`. Throws a ConfigError when the service's package is
 * not installed: there is nothing to pack then.
 */
export function packagesToVendor(root: string, cwd: string = process.cwd()): VendoredPackage[] {
  let emulatorManifest: string;
  try {
    emulatorManifest = require.resolve(`${EMULATOR_PACKAGE}/package.json`, { paths: [root, cwd] });
  } catch {
    throw new ConfigError(
      `init --vendor: the local Domo service's package ${EMULATOR_PACKAGE} is not installed beside ${PACKAGE_NAME}, so there is nothing to copy into ${VENDOR_DIR}/. ` +
        `Install it next to this package (npm install --save-dev <path to its tarball>), or run init from a clone of the repository after npm ci && npm run build`,
    );
  }
  return [vendored(root), vendored(path.dirname(emulatorManifest))];
}

/**
 * `npm pack` of each package (no lifecycle scripts: the installed files are the package) into a
 * new temporary folder; resolves to the tarballs' paths there, in the order of `packages`. The
 * caller moves them into the project and removes the folder.
 */
export function packTarballs(packages: readonly VendoredPackage[]): { dir: string; tarballs: string[] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-vendor-'));
  try {
    const tarballs = packages.map((p) => {
      let out: string;
      try {
        out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], {
          cwd: p.root,
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
          maxBuffer: 64 * 1024 * 1024,
        });
      } catch (e) {
        const stderr = String((e as { stderr?: unknown }).stderr ?? '').trim();
        throw new Error(`init --vendor: npm pack of ${p.name} in ${p.root} failed${stderr ? `:\n${stderr}` : ''}`, { cause: e });
      }
      const [report] = JSON.parse(out) as Array<{ filename: string }>;
      const tarball = path.join(dir, report!.filename);
      if (path.basename(tarball) !== path.basename(p.file))
        throw new Error(`init --vendor: npm pack of ${p.name} wrote ${report!.filename}, not ${path.basename(p.file)}`);
      return tarball;
    });
    return { dir, tarballs };
  } catch (e) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
