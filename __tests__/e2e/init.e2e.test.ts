import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { automationEnv, planHasNoChanges, runCdktf } from '../../src/cli/cdktf';
import { parseCsv } from '../../src/sources';
import { parseCellValues } from '../../src';
import { ROOT } from '../support/roster';
import { describePack, npmInstall, packInto, scratchEnv, scratchFolder } from '../support/scratch-project';

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const TOKEN = 'init-test-token-3c9e';

/** The built CLI, run as a user runs it. */
function cli(args: readonly string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

/**
 * `domo-identity init` as a new user runs it, outside the repository: the project it writes
 * installs (this package from a tarball, the rest from the registry through npm's cache),
 * synthesizes, and deploys to the local Domo service started from the seed it wrote.
 */
describe('domo-identity init: a project that installs, synthesizes and deploys', () => {
  let dir: string;
  let project: string;
  let em: RunningEmulator;
  let init: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    dir = scratchFolder('domo-identity-init-');
    const { tarball, report } = await packInto(dir);
    console.log(describePack(report));
    project = path.join(dir, 'acme-identity');
    init = await cli(['init', project, '--package-spec', `file:${tarball}`], dir);
    if (init.code !== 0) throw new Error(`init failed:\n${init.stderr}`);
    await npmInstall(project);
    em = await startEmulator({ token: TOKEN, seed: loadSeedFile(path.join(project, 'data', 'local-seed.json')) });
  });
  afterAll(async () => {
    await em?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = () => automationEnv(scratchEnv(dir, { DOMO_SCIM_URL: em.scimUrl, DOMO_SCIM_TOKEN: TOKEN }));

  it('says what it wrote and what to do next', () => {
    expect(init.stdout).toBe('');
    expect(init.stderr).toContain(`Wrote 9 files to ${project}:\n  .github/workflows/domo-identity.yml\n  .gitignore\n`);
    expect(init.stderr).toContain(`Next:\n  cd ${project}\n  npm install\n  npx cdktf synth\n`);
  });

  it('synthesizes: the TypeScript compiles against the installed package, one DomoUserAttributes', async () => {
    const synth = await runCdktf(['synth'], { cwd: project, env: env() });
    if (synth.code !== 0) throw new Error(`cdktf synth failed:\n${synth.output}`);
    const tf = JSON.parse(fs.readFileSync(path.join(project, 'cdktf.out', 'stacks', 'domo-identity', 'cdk.tf.json'), 'utf8')) as {
      resource: { terraform_data: Record<string, unknown> };
      terraform: { backend: Record<string, unknown> };
    };
    expect(Object.keys(tf.resource.terraform_data)).toHaveLength(1);
    expect(Object.keys(tf.terraform.backend)).toEqual(['local']);
  });

  it('deploys to the local service: every user of data/users.csv gets the attributes; a second plan has no changes', async () => {
    const deploy = await runCdktf(['deploy', '--auto-approve'], { cwd: project, env: env() });
    if (deploy.code !== 0) throw new Error(`cdktf deploy failed:\n${deploy.output}`);
    const live = new Map(em.snapshot().users.map((u) => [u.userName, u.customAttributes ?? {}]));
    const rows = parseCsv(fs.readFileSync(path.join(project, 'data', 'users.csv'), 'utf8'), 'users.csv').rows;
    expect(rows.length).toBeGreaterThan(0);
    for (const { values } of rows) {
      expect({ user: values.email, ...live.get(values.email!) }).toEqual({
        user: values.email,
        franchise: parseCellValues(values.franchise!),
        storeNumber: parseCellValues(values.store_number!),
      });
    }
    const plan = await runCdktf(['plan'], { cwd: project, env: env() });
    expect(plan.code).toBe(0);
    expect(planHasNoChanges(plan.output)).toBe(true);
  });

  it('refuses to write over the project a second time (exit 2), naming the files', async () => {
    const again = await cli(['init', project], dir);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(
      /^domo-identity: init: 9 files of the project exist already in .+, and init never overwrites:\n {2}- \.github\/workflows/,
    );
  });
});
