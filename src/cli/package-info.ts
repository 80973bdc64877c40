import * as fs from 'node:fs';
import * as path from 'node:path';

export const PACKAGE_NAME = 'cdktf-domo-identity';

interface PackageJson {
  readonly name: string;
  readonly version: string;
}

let found: { root: string; json: PackageJson } | undefined;

/** This package's folder and package.json, found upwards from this file (src/ in tests, dist/src when built or installed). */
function thisPackage(): { root: string; json: PackageJson } {
  if (found) return found;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json');
    if (fs.existsSync(file)) {
      const json = JSON.parse(fs.readFileSync(file, 'utf8')) as PackageJson;
      if (json.name === PACKAGE_NAME) return (found = { root: dir, json });
    }
    if (path.dirname(dir) === dir) throw new Error(`${PACKAGE_NAME}: no package.json named ${PACKAGE_NAME} above ${__dirname}`);
  }
}

/** The folder holding this package's package.json (the repository, or node_modules/cdktf-domo-identity). */
export function packageRoot(): string {
  return thisPackage().root;
}

/** This package's version, as package.json says. */
export function packageVersion(): string {
  return thisPackage().json.version;
}
