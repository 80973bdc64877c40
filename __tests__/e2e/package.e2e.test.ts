import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { automationEnv, planHasNoChanges, runCdktf } from '../../src/cli/cdktf';
import { ROOT } from '../support/roster';
import {
  cdktfSpecs,
  describePack,
  npmInstall,
  packDryRun,
  packInto,
  scratchEnv,
  scratchFolder,
  type PackReport,
} from '../support/scratch-project';

/** What the package may hold: the library, the CLI, the handler folder, the init templates and docs. */
const ALLOWED =
  /^(package\.json|README\.md|LICENSE(\.\w+)?|bin\/domo-identity\.js|dist\/src\/.+\.(js|d\.ts)|dist\/handler\/.+|templates\/.+)$/;
/** What it must never hold: tests, benchmarks, fixtures, the local Domo service (its own package). */
const FORBIDDEN =
  /(^|\/)(__tests__|tests?|bench|benchmarks?|fixtures|packages)\/|^(data|stacks|examples|scripts)\/|\.(test|spec)\.|domo-scim-emulator/i;
/** The only files named after the emulator: the CLI's `emulator` command and the loader of the separate package. */
const EMULATOR_LOADERS = ['dist/src/cli/commands/emulator', 'dist/src/cli/emulator-package'].flatMap((f) => [`${f}.d.ts`, `${f}.js`]);

const TOKEN = 'package-test-token-5b1f';

/** A cdktf app as another repository writes it, in JavaScript, with the package installed from the tarball. */
const APP = `const { App, TerraformStack } = require('cdktf');
const { DomoUserAttributes, mapUserAttributes, readCsvFile } = require('cdktf-domo-identity');

const app = new App();
const stack = new TerraformStack(app, 'identity');
new DomoUserAttributes(stack, 'Attributes', {
  users: mapUserAttributes(readCsvFile('users.csv'), {
    userNameColumn: 'email',
    attributes: { franchise: 'franchise', storeNumber: 'store_number' },
  }),
  managedKeys: ['franchise', 'storeNumber'],
  scim: { url: process.env.DOMO_SCIM_URL },
});
app.synth();
`;

const USERS = `email,franchise,store_number
maria.lopez@sunbeltfoods.example,Sunbelt Tacos North,101
aisha.khan@sunbeltfoods.example,Sunbelt Tacos South,201
liam.oconnor@sunbeltfoods.example,"[Gulf Coast Grill, Sunbelt Tacos South]",304
`;

describe('the package as another repository installs it (npm pack, npm install, cdktf)', () => {
  let dryRun: PackReport;
  let packed: PackReport;
  let dir: string;
  let em: RunningEmulator;

  beforeAll(async () => {
    dir = scratchFolder('domo-identity-package-');
    dryRun = await packDryRun();
    const { tarball, report } = await packInto(dir);
    packed = report;
    console.log(describePack(packed));
    const app = path.join(dir, 'app');
    fs.mkdirSync(app);
    await npmInstall(app, [tarball, ...cdktfSpecs()]);
    fs.writeFileSync(path.join(app, 'main.js'), APP);
    fs.writeFileSync(path.join(app, 'users.csv'), USERS);
    fs.writeFileSync(
      path.join(app, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: 'node main.js', sendCrashReports: 'false' }),
    );
    em = await startEmulator({ token: TOKEN, seed: loadSeedFile(path.join(ROOT, 'data', 'sample-seed.json')) });
  });
  afterAll(async () => {
    await em?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const appDir = () => path.join(dir, 'app');
  const env = () => automationEnv(scratchEnv(dir, { DOMO_SCIM_URL: em.scimUrl, DOMO_SCIM_TOKEN: TOKEN }));

  it('holds only the library, the CLI, the handler folder, templates and docs', () => {
    const files = dryRun.files.map((f) => f.path).sort();
    expect(files.filter((f) => !ALLOWED.test(f))).toEqual([]);
    expect(files.filter((f) => FORBIDDEN.test(f))).toEqual([]);
    expect(files.filter((f) => /emulator/i.test(f))).toEqual(EMULATOR_LOADERS);
    for (const required of [
      'package.json',
      'README.md',
      'bin/domo-identity.js',
      'dist/src/index.js',
      'dist/src/index.d.ts',
      'dist/src/cdk.js',
    ])
      expect(files).toContain(required);
    expect(files.filter((f) => f.startsWith('dist/handler/')).sort()).toEqual(
      fs
        .readdirSync(path.join(ROOT, 'dist', 'handler'))
        .map((f) => `dist/handler/${f}`)
        .sort(),
    );
    expect(packed.entryCount).toBe(dryRun.entryCount);
  });

  it('installs beside cdktf from the registry, without the local Domo service', () => {
    const installed = (name: string) => fs.existsSync(path.join(appDir(), 'node_modules', name, 'package.json'));
    expect(installed('cdktf-domo-identity')).toBe(true);
    expect(installed('domo-scim-emulator')).toBe(false);
    // Optional peers are not pulled in: cdktn only when the project asks for it.
    expect(installed('cdktn')).toBe(false);
    const manifest = JSON.parse(fs.readFileSync(path.join(appDir(), 'node_modules', 'cdktf-domo-identity', 'package.json'), 'utf8')) as {
      dependencies: Record<string, string>;
    };
    expect(Object.keys(manifest.dependencies).sort()).toEqual(['commander', 'csv-parse', 'undici', 'zod']);
  });

  it('synthesizes and deploys with the real cdktf CLI; Domo gets the attributes; a second plan has no changes', async () => {
    const deploy = await runCdktf(['deploy', '--auto-approve'], { cwd: appDir(), env: env() });
    if (deploy.code !== 0) throw new Error(`cdktf deploy failed:\n${deploy.output}`);
    const users = new Map(em.snapshot().users.map((u) => [u.userName, u.customAttributes ?? {}]));
    expect(users.get('maria.lopez@sunbeltfoods.example')).toMatchObject({ franchise: ['Sunbelt Tacos North'], storeNumber: ['101'] });
    expect(users.get('aisha.khan@sunbeltfoods.example')).toMatchObject({ franchise: ['Sunbelt Tacos South'], storeNumber: ['201'] });
    expect(users.get('liam.oconnor@sunbeltfoods.example')).toMatchObject({
      franchise: ['Gulf Coast Grill', 'Sunbelt Tacos South'],
      storeNumber: ['304'],
    });
    // The handler ran from the installed package's dist/handler, copied beside cdk.tf.json.
    expect(fs.existsSync(path.join(appDir(), 'cdktf.out', 'stacks', 'identity', 'cdk.tf.json'))).toBe(true);
    const plan = await runCdktf(['plan'], { cwd: appDir(), env: env() });
    expect(plan.code).toBe(0);
    expect(planHasNoChanges(plan.output)).toBe(true);
  });

  it("runs the package's CLI from node_modules/.bin", async () => {
    const { execFile } = await import('node:child_process');
    const version = await new Promise<string>((resolve, reject) =>
      execFile(path.join(appDir(), 'node_modules', '.bin', 'domo-identity'), ['--version'], { cwd: appDir() }, (err, stdout) =>
        err ? reject(err) : resolve(stdout),
      ),
    );
    expect(version.trim()).toBe((JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version);
  });
});
