import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadSeedFile } from 'domo-scim-emulator';
import { InitConflictError, projectNameOf, registerInit, runInit, templateFiles, TEMPLATE_DIR } from '../../src/cli/commands/init';
import { packagesToVendor } from '../../src/cli/commands/init-vendor';
import { parseCsv } from '../../src/sources';
import { ROOT } from '../support/roster';
import { runInProcess } from '../support/in-process-cli';

const PACKAGE = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  version: string;
  devDependencies: Record<string, string>;
};

const PROJECT_FILES = [
  '.github/workflows/domo-identity.yml',
  '.gitignore',
  'README.md',
  'cdktf.json',
  'data/local-seed.json',
  'data/users.csv',
  'main.ts',
  'package.json',
  'tsconfig.json',
];

describe('domo-identity init', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'init-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes the project, every placeholder filled in from this package', () => {
    const project = path.join(dir, 'Acme Identity');
    expect(runInit({ dir: project }).sort()).toEqual(PROJECT_FILES);
    const manifest = JSON.parse(fs.readFileSync(path.join(project, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.name).toBe('acme-identity');
    expect(manifest.dependencies).toEqual({
      cdktf: PACKAGE.devDependencies.cdktf,
      'cdktf-domo-identity': `^${PACKAGE.version}`,
      constructs: PACKAGE.devDependencies.constructs,
    });
    expect(manifest.devDependencies).toEqual({
      '@types/node': PACKAGE.devDependencies['@types/node'],
      'cdktf-cli': PACKAGE.devDependencies['cdktf-cli'],
      'domo-scim-emulator': PACKAGE.devDependencies['domo-scim-emulator'],
      typescript: PACKAGE.devDependencies.typescript,
    });
    for (const file of PROJECT_FILES)
      expect({ file, text: fs.readFileSync(path.join(project, file), 'utf8') }).not.toMatchObject({
        text: expect.stringMatching(/(?<!\$)\{\{[\w:@/.-]+\}\}/),
      });
  });

  it('depends on what --package-spec and --emulator-spec say, named as --name says', () => {
    runInit({ dir, name: 'identity', packageSpec: 'github:acme/cdktf-domo-identity', emulatorSpec: 'file:tools/emulator.tgz' });
    const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.name).toBe('identity');
    expect(manifest.dependencies!['cdktf-domo-identity']).toBe('github:acme/cdktf-domo-identity');
    expect(manifest.devDependencies!['domo-scim-emulator']).toBe('file:tools/emulator.tgz');
  });

  it('refuses --vendor with a spec of its own, writing nothing', () => {
    expect(() => runInit({ dir, vendor: true, packageSpec: 'file:/somewhere/x.tgz' })).toThrow(
      /--vendor writes both dependencies itself \(file:vendor\/…\): leave out --package-spec and --emulator-spec/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('with --vendor, counts the tarballs among the files it never overwrites', () => {
    const [own, emulator] = packagesToVendor(ROOT);
    expect(own).toMatchObject({ name: 'cdktf-domo-identity', file: `vendor/cdktf-domo-identity-${PACKAGE.version}.tgz` });
    expect(emulator!.name).toBe('domo-scim-emulator');
    expect(emulator!.file).toMatch(/^vendor\/domo-scim-emulator-\d+\.\d+\.\d+\.tgz$/);
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.writeFileSync(path.join(dir, own!.file), 'mine');
    expect(() => runInit({ dir, vendor: true })).toThrow(InitConflictError);
    expect(fs.readdirSync(dir)).toEqual(['vendor']);
  });

  it('keeps state, saved plans, plan records and run logs out of git', () => {
    const ignored = fs.readFileSync(path.join(ROOT, TEMPLATE_DIR, 'dot-gitignore'), 'utf8').split('\n');
    for (const pattern of [
      '.domo-identity/',
      '*.tfplan',
      '*.tfplan.*',
      '*.tfstate',
      '*.tfstate.*',
      'cdktf.out/',
      '.terraform/',
      'node_modules/',
    ])
      expect(ignored).toContain(pattern);
    expect(ignored).not.toContain('vendor/');
  });

  it('refuses to overwrite: lists the files that exist, writes nothing, exit 2', async () => {
    fs.writeFileSync(path.join(dir, 'main.ts'), 'mine');
    fs.mkdirSync(path.join(dir, '.github', 'workflows'), { recursive: true });
    fs.writeFileSync(path.join(dir, '.github', 'workflows', 'domo-identity.yml'), 'mine');
    const { error, err } = await runInProcess(registerInit, ['init', dir]);
    expect(error).toBeInstanceOf(InitConflictError);
    expect((error as Error).name).toBe('ConfigError');
    expect((error as Error).message).toBe(
      `init: 2 files of the project exist already in ${dir}, and init never overwrites:\n` +
        '  - .github/workflows/domo-identity.yml\n  - main.ts\nMove them away, or pick another folder: domo-identity init <dir>',
    );
    expect(err).toBe('');
    expect(fs.readFileSync(path.join(dir, 'main.ts'), 'utf8')).toBe('mine');
    expect(fs.readdirSync(dir).sort()).toEqual(['.github', 'main.ts']);
  });

  it('refuses a name npm would not take', () => {
    expect(() => runInit({ dir, name: 'Acme Identity' })).toThrow(
      /^init: invalid options:\n✖ must be a lowercase npm package name[\s\S]*→ at name$/,
    );
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('names a project after its folder', () => {
    expect(projectNameOf('/work/My Project!')).toBe('my-project-');
    expect(projectNameOf('/work/.hidden')).toBe('hidden');
  });

  it('ships a seed the local service accepts, holding every user of the sample dataset', () => {
    const templates = path.join(ROOT, TEMPLATE_DIR);
    expect(
      templateFiles(templates)
        .map((f) => f.to)
        .sort(),
    ).toEqual(PROJECT_FILES);
    const seed = loadSeedFile(path.join(templates, 'data', 'local-seed.json'));
    const users = parseCsv(fs.readFileSync(path.join(templates, 'data', 'users.csv'), 'utf8'), 'users.csv').rows.map((r) => r.values.email);
    // The columns `domo-identity export --keys franchise,storeNumber --user-name-column email` writes, which main.ts reads.
    expect(fs.readFileSync(path.join(templates, 'data', 'users.csv'), 'utf8').split('\n')[0]).toBe('email,franchise,storeNumber');
    expect(seed.users.map((u) => u.userName).sort()).toEqual([...users].sort());
    expect(seed.attributes.map((a) => a.key)).toEqual(['franchise', 'storeNumber']);
  });
});
