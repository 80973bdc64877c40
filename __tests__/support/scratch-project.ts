import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { packageRoot } from '../../src/cli/package-info';

/** The repository (found by its package.json, so this module also works compiled, from dist/ as .ci/cdktn-sample.ts uses it). */
const ROOT = packageRoot();

/*
 * This package as another repository uses it: packed with `npm pack`, installed with `npm install`
 * into a folder outside the repository, beside cdktf from the registry. Installs use npm's cache
 * (`--prefer-offline`: the repository's own `npm ci` filled it with the same versions), so they
 * need no network beyond the npm registry, and usually none at all.
 */

/** One file of `npm pack --json`. */
export interface PackedFile {
  readonly path: string;
  readonly size: number;
}

/** What `npm pack --json` reports of a tarball. */
export interface PackReport {
  readonly filename: string;
  readonly size: number;
  readonly unpackedSize: number;
  readonly entryCount: number;
  readonly files: readonly PackedFile[];
}

/** The environment for npm in a scratch folder: none of the `npm test` run's own npm_* settings (its prefix, package, script). */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const keep = new Set(['npm_config_cache', 'npm_config_registry', 'npm_config_userconfig']);
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.toLowerCase().startsWith('npm_') || keep.has(k)));
  return { ...env, npm_config_update_notifier: 'false', npm_config_fund: 'false', npm_config_audit: 'false', ...extra };
}

/** Runs npm (no shell) and resolves to its stdout; rejects with its output when it fails. */
export function npm(args: readonly string[], cwd: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('npm', [...args], { cwd, env: npmEnv(), maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`npm ${args.join(' ')} failed in ${cwd}: ${err.message}\n${stdout}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** `npm pack --dry-run --json` of this repository: what the tarball would hold. */
export async function packDryRun(): Promise<PackReport> {
  return (JSON.parse(await npm(['pack', '--dry-run', '--json'], ROOT)) as PackReport[])[0]!;
}

/** Packs this repository's package into `dir`; resolves to the tarball's path and npm's report. */
export async function packInto(dir: string): Promise<{ tarball: string; report: PackReport }> {
  const report = (JSON.parse(await npm(['pack', '--json', '--pack-destination', dir], ROOT)) as PackReport[])[0]!;
  return { tarball: path.join(dir, report.filename), report };
}

/** A line for the test output: the tarball's size and file count. */
export function describePack(report: PackReport): string {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;
  return `npm pack: ${report.filename}, ${kb(report.size)} packed, ${kb(report.unpackedSize)} unpacked, ${report.entryCount} files`;
}

/** The version of a package in this repository's node_modules: the scratch install asks for exactly it, so npm's cache has it. */
export function repoVersion(name: string): string {
  return (JSON.parse(fs.readFileSync(path.join(ROOT, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;
}

/** The CDK for Terraform packages a project installs beside this one, at the versions this repository tests with. */
export function cdktfSpecs(): string[] {
  return ['cdktf', 'cdktf-cli', 'constructs'].map((name) => `${name}@${repoVersion(name)}`);
}

/** A folder outside the repository, with an empty Terraform CLI configuration (no plugin cache, no credentials). */
export function scratchFolder(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (path.resolve(dir).startsWith(`${path.resolve(ROOT)}${path.sep}`)) throw new Error(`${dir} is inside the repository`);
  fs.writeFileSync(path.join(dir, 'terraform.rc'), '');
  return dir;
}

/** `npm install` of `specs` into the project in `dir` (package.json written first if there is none). */
export async function npmInstall(dir: string, specs: readonly string[] = []): Promise<void> {
  const manifest = path.join(dir, 'package.json');
  if (!fs.existsSync(manifest))
    fs.writeFileSync(manifest, `${JSON.stringify({ name: path.basename(dir).toLowerCase(), private: true }, null, 2)}\n`);
  await npm(['install', '--prefer-offline', '--no-audit', '--no-fund', '--ignore-scripts', '--save-exact', ...specs], dir);
}

/** The environment a cdktf run in a scratch project gets: its own Terraform CLI configuration, no update checks. */
export function scratchEnv(dir: string, extra: Record<string, string>): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH, HOME: process.env.HOME, TF_CLI_CONFIG_FILE: path.join(dir, 'terraform.rc'), ...extra };
}
