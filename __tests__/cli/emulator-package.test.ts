import { build } from 'esbuild';
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as emulatorPackage from 'domo-scim-emulator';
import { EMULATOR_PACKAGE, type EmulatorPackage } from '../../src/cli/emulator-package';
import { LOCAL_SCIM_PORT } from '../../src/config/app-env';
import { ROOT } from '../support/roster';

/** Every .ts file below `dir`. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => join(e.parentPath, e.name));
}

describe('the product and the separate package domo-scim-emulator', () => {
  it('uses only what the package provides, and the same default port', () => {
    // A compile-time check: the package's API must satisfy what the CLI loads it as.
    const loaded: EmulatorPackage = emulatorPackage;
    expect(typeof loaded.main).toBe('function');
    expect(LOCAL_SCIM_PORT).toBe(emulatorPackage.DEFAULT_EMULATOR_PORT);
  });

  it('is never imported statically by the library, the app or the stacks', () => {
    const files = [...sources(join(ROOT, 'src')), ...sources(join(ROOT, 'stacks')), join(ROOT, 'main.ts')];
    const staticUse = /(from\s+|require\(\s*|import\(\s*)['"](domo-scim-emulator|[./]*packages\/)/;
    const offenders = files.filter((f) => staticUse.test(readFileSync(f, 'utf8'))).map((f) => relative(ROOT, f));
    expect(offenders).toEqual([]);
    expect(EMULATOR_PACKAGE).toBe('domo-scim-emulator');
  });

  it('is not in the handler bundle', async () => {
    const result = await build({
      entryPoints: [
        join(ROOT, 'src/handlers/entry.ts'),
        join(ROOT, 'src/handlers/engine-entry.ts'),
        join(ROOT, 'src/handlers/engine-start.ts'),
      ],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      write: false,
      outdir: join(ROOT, 'dist', 'bundle-check'),
      metafile: true,
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.length).toBeGreaterThan(10);
    expect(inputs.filter((i) => /domo-scim-emulator|emulator/.test(i))).toEqual([]);
  });
});
