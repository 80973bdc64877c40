import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { ConfigError } from '../../errors';
import { exitCodesHelp } from '../exit-codes';
import { EMULATOR_PACKAGE } from '../emulator-package';
import { PACKAGE_NAME, packageRoot } from '../package-info';
import { packagesToVendor, packTarballs, VENDOR_DIR, type VendoredPackage } from './init-vendor';

/** Where the project template lives in this package. */
export const TEMPLATE_DIR = path.join('templates', 'init');

/**
 * A template file named `dot-<name>` is written as `.<name>`: npm leaves `.gitignore` out of a
 * tarball, and a dot-folder is easy to miss, so the package ships them without the dot.
 */
const DOT_PREFIX = 'dot-';

const InitOptions = z
  .object({
    dir: z.string().min(1),
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be a lowercase npm package name: letters, digits, ".", "_", "-"')
      .max(214)
      .optional(),
    packageSpec: z.string().trim().min(1, 'must not be empty').optional(),
    emulatorSpec: z.string().trim().min(1, 'must not be empty').optional(),
    /** Copy both packages' tarballs into vendor/ and depend on them there (init-vendor.ts says why). */
    vendor: z.boolean().optional(),
  })
  .refine((o) => !(o.vendor && (o.packageSpec !== undefined || o.emulatorSpec !== undefined)), {
    message: '--vendor writes both dependencies itself (file:vendor/…): leave out --package-spec and --emulator-spec',
    path: ['vendor'],
  });
export type InitOptions = z.input<typeof InitOptions>;

/** Files that exist already: init never overwrites. Exit 2, like any usage error. */
export class InitConflictError extends ConfigError {
  constructor(
    readonly dir: string,
    readonly existing: readonly string[],
  ) {
    super(
      `init: ${existing.length} file${existing.length === 1 ? '' : 's'} of the project exist already in ${dir}, and init never overwrites:\n` +
        `${existing.map((f) => `  - ${f}`).join('\n')}\nMove them away, or pick another folder: domo-identity init <dir>`,
    );
  }
}

/** The files init writes: template path -> path in the project. */
export function templateFiles(templateDir: string): Array<{ from: string; to: string }> {
  return fs
    .readdirSync(templateDir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(templateDir, path.join(e.parentPath, e.name)))
    .map((from) => ({
      from,
      to: from
        .split(path.sep)
        .map((part) => (part.startsWith(DOT_PREFIX) ? `.${part.slice(DOT_PREFIX.length)}` : part))
        .join(path.sep),
    }))
    .sort((a, b) => (a.to < b.to ? -1 : 1));
}

/** A project name npm accepts, from a folder name. */
export function projectNameOf(dir: string): string {
  const name = path
    .basename(path.resolve(dir))
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[._-]+/, '');
  return name || 'domo-identity-project';
}

interface Values {
  readonly name: string;
  readonly packageSpec: string;
  readonly emulatorSpec: string;
}

/**
 * `{{name}}`, `{{packageSpec}}`, `{{emulatorSpec}}` and `{{dependency:<package>}}` (the range this
 * package is built and tested with, from its package.json) filled in.
 */
function fill(text: string, values: Values, ranges: Readonly<Record<string, string>>, file: string): string {
  return text.replace(/\{\{([\w:@/.-]+)\}\}/g, (_all, key: string) => {
    if (key === 'name' || key === 'packageSpec' || key === 'emulatorSpec') return values[key];
    const dependency = key.startsWith('dependency:') ? ranges[key.slice('dependency:'.length)] : undefined;
    if (dependency === undefined) throw new Error(`template ${file}: nothing to fill in for {{${key}}}`);
    return dependency;
  });
}

/**
 * `domo-identity init [DIR]`: writes a ready cdktf project into `dir` (created if missing), or
 * writes nothing and throws InitConflictError when any of its files exists. With `vendor`, the
 * tarballs of this package and of the local Domo service are packed first and written last, into
 * `vendor/`. Returns the files written, relative to `dir`.
 */
export function runInit(raw: InitOptions, root: string = packageRoot()): string[] {
  const parsed = InitOptions.safeParse(raw);
  if (!parsed.success) throw new ConfigError(`init: invalid options:\n${z.prettifyError(parsed.error)}`);
  const dir = path.resolve(parsed.data.dir);
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    version: string;
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const ranges = { ...manifest.devDependencies, ...manifest.dependencies };
  const vendor = parsed.data.vendor ? packagesToVendor(root) : [];
  const specOf = (name: string) => {
    const p = vendor.find((v) => v.name === name);
    return p ? `file:${p.file}` : undefined;
  };
  const values: Values = {
    name: parsed.data.name ?? projectNameOf(dir),
    packageSpec: specOf(PACKAGE_NAME) ?? parsed.data.packageSpec ?? `^${manifest.version}`,
    emulatorSpec: specOf(EMULATOR_PACKAGE) ?? parsed.data.emulatorSpec ?? ranges[EMULATOR_PACKAGE] ?? `^${manifest.version}`,
  };
  const templateDir = path.join(root, TEMPLATE_DIR);
  const files = templateFiles(templateDir);
  const existing = [...files.map((f) => f.to), ...vendor.map((v) => path.join(...v.file.split('/')))].filter((to) =>
    fs.existsSync(path.join(dir, to)),
  );
  if (existing.length > 0) throw new InitConflictError(dir, existing);
  // Filled in and packed before anything is written, so a problem leaves the folder as it was.
  const contents = files.map((f) => fill(fs.readFileSync(path.join(templateDir, f.from), 'utf8'), values, ranges, f.from));
  const packed = vendor.length > 0 ? packTarballs(vendor) : undefined;
  try {
    files.forEach((f, i) => {
      const target = path.join(dir, f.to);
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, contents[i]!, { flag: 'wx' });
    });
    vendor.forEach((v: VendoredPackage, i) => {
      fs.mkdirSync(path.join(dir, VENDOR_DIR), { recursive: true });
      fs.copyFileSync(packed!.tarballs[i]!, path.join(dir, v.file), fs.constants.COPYFILE_EXCL);
    });
  } finally {
    if (packed) fs.rmSync(packed.dir, { recursive: true, force: true });
  }
  return [...files.map((f) => f.to), ...vendor.map((v) => v.file)];
}

/** Adds `domo-identity init`. */
export function registerInit(program: Command): void {
  program
    .command('init')
    .argument('[DIR]', 'the folder to write the project into (created if missing)', '.')
    .description(
      `Write a ready cdktf project that depends on ${PACKAGE_NAME}: package.json, cdktf.json, tsconfig.json, main.ts ` +
        '(one DomoUserAttributes from data/users.csv, state backend from DOMO_IDENTITY_STATE_*), a seed for the local Domo ' +
        'service, a README with the pull-request loop and a GitHub Actions workflow. Never overwrites a file.',
    )
    .option('--name <name>', 'the npm package name of the project (default: the folder name)')
    .option(
      '--vendor',
      `copy the tarballs of ${PACKAGE_NAME} and of the local Domo service (${EMULATOR_PACKAGE}) into ${VENDOR_DIR}/ and depend on them ` +
        'by relative file: paths: the project then installs with npm ci on any machine that reaches the npm registry (commit vendor/)',
    )
    .option(
      '--package-spec <spec>',
      `what package.json depends on for ${PACKAGE_NAME}, e.g. a git URL (default: ^<this version>, from the npm registry)`,
    )
    .option(
      '--emulator-spec <spec>',
      `what package.json's devDependencies take for the local Domo service, ${EMULATOR_PACKAGE} (default: the range this package is tested with)`,
    )
    .addHelpText('after', exitCodesHelp('init'))
    .action((dir: string, opts: { name?: string; packageSpec?: string; emulatorSpec?: string; vendor?: boolean }) => {
      const written = runInit({ dir, ...opts });
      const where = path.resolve(dir);
      process.stderr.write(`Wrote ${written.length} files to ${where}:\n${written.map((f) => `  ${f}\n`).join('')}`);
      process.stderr.write(
        `Next:\n${where === process.cwd() ? '' : `  cd ${dir}\n`}  npm install${opts.vendor ? `      # then commit package-lock.json and ${VENDOR_DIR}/` : ''}\n` +
          '  npx cdktf synth\n  (README.md has the rest)\n',
      );
    });
}
