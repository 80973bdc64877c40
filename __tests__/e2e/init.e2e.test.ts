import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { automationEnv } from '../../src/cli/cdktf';
import { parseCsv } from '../../src/sources';
import { parseCellValues } from '../../src';
import { ROOT } from '../support/roster';
import { npm, npmEnv, scratchEnv, scratchFolder } from '../support/scratch-project';

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const TOKEN = 'init-test-token-3c9e';
const VERSION = (JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
const EMULATOR_VERSION = (
  JSON.parse(fs.readFileSync(path.join(ROOT, 'packages', 'domo-scim-emulator', 'package.json'), 'utf8')) as { version: string }
).version;
const OWN_TARBALL = `vendor/cdktf-domo-identity-${VERSION}.tgz`;
const EMULATOR_TARBALL = `vendor/domo-scim-emulator-${EMULATOR_VERSION}.tgz`;

/** Runs a step and logs how long it took: the figures of this test's run time. */
async function timed<T>(what: string, step: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    return await step();
  } finally {
    console.log(`${what}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
}

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program (no shell) and resolves to its exit code and output. */
function exec(file: string, args: readonly string[], options: { cwd: string; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((resolve) => {
    execFile(file, [...args], { ...options, maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
    });
  });
}

const git = (args: readonly string[], cwd: string) =>
  exec('git', ['-c', 'user.name=Init Test', '-c', 'user.email=init@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME },
  });

/**
 * A team adopts the package from an empty repository, as issue 19 tells it: `init --vendor`
 * writes the project with both packages' tarballs in vendor/, `npm install` writes the lock file,
 * the project is committed and cloned to another path, and the folder it was made in is removed.
 * The clone installs with `npm ci` and an empty npm cache (everything but vendor/ from the
 * registry), starts the local Domo service with `npm run emulator`, and runs its own CLI from
 * node_modules: the first plan needs no flag, the adopt path (`export`) plans without changing a
 * value, `deploy --plan` applies, a second plan has no changes, and a lost state is refused.
 */
describe('domo-identity init --vendor: a project that installs anywhere', () => {
  let dir: string;
  let made: string;
  let clone: string;
  let em: RunningEmulator;
  let init: Run;

  beforeAll(async () => {
    dir = scratchFolder('domo-identity-init-');
    made = path.join(dir, 'made-here', 'acme-identity');
    clone = path.join(dir, 'elsewhere', 'checkout');
    init = await timed('init --vendor', () =>
      exec(process.execPath, [CLI, 'init', made, '--vendor'], { cwd: dir, env: { PATH: process.env.PATH } }),
    );
    if (init.code !== 0) throw new Error(`init failed:\n${init.stderr}`);
    // The lock file as `npm install` writes it, from npm's shared cache (the repository's npm ci
    // filled it) and without node_modules: only the clone's install is cold.
    await timed('npm install --package-lock-only', () =>
      npm(['install', '--package-lock-only', '--prefer-offline', '--no-audit', '--no-fund'], made),
    );
    for (const step of [['init'], ['add', '-A'], ['commit', '-q', '-m', 'domo-identity init --vendor']]) {
      const r = await git(step, made);
      if (r.code !== 0) throw new Error(`git ${step.join(' ')} failed:\n${r.stderr}`);
    }
    const cloned = await git(['clone', '-q', made, clone], dir);
    if (cloned.code !== 0) throw new Error(`git clone failed:\n${cloned.stderr}`);
    fs.rmSync(path.join(dir, 'made-here'), { recursive: true, force: true });
    await timed('npm ci with an empty cache', () =>
      npm(['ci', '--cache', path.join(dir, 'empty-npm-cache'), '--no-audit', '--no-fund'], clone),
    );
    em = await startEmulator({ token: TOKEN, seed: loadSeedFile(path.join(clone, 'data', 'local-seed.json')) });
    // Two installs over the network on a shared machine: more than the e2e default of ten minutes.
  }, 1_800_000);
  afterAll(async () => {
    await em?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = () => automationEnv(scratchEnv(dir, { DOMO_SCIM_URL: em.scimUrl, DOMO_SCIM_TOKEN: TOKEN }));
  /** The clone's own CLI, from its node_modules: the vendored package. */
  const cli = (args: readonly string[]) =>
    exec(path.join(clone, 'node_modules', '.bin', 'domo-identity'), args, { cwd: clone, env: env() });
  const stateFile = () => path.join(clone, 'terraform.domo-identity.tfstate');
  const writes = () => em.requests.filter((r) => r.method !== 'GET').length;

  it('says what it wrote, tarballs included, and what to do next', () => {
    expect(init.stdout).toBe('');
    expect(init.stderr).toContain(`Wrote 11 files to ${made}:\n  .github/workflows/domo-identity.yml\n  .gitignore\n`);
    expect(init.stderr).toContain(`  ${OWN_TARBALL}\n  ${EMULATOR_TARBALL}\n`);
    expect(init.stderr).toContain(`Next:\n  cd ${made}\n  npm install      # then commit package-lock.json and vendor/\n`);
  });

  it('commits the tarballs and the lock file, with relative paths only', async () => {
    const files = (await git(['ls-files'], clone)).stdout.split('\n');
    expect(files).toEqual(expect.arrayContaining([OWN_TARBALL, EMULATOR_TARBALL, 'package-lock.json', '.gitignore']));
    const manifest = JSON.parse(fs.readFileSync(path.join(clone, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    expect(manifest.dependencies!['cdktf-domo-identity']).toBe(`file:${OWN_TARBALL}`);
    expect(manifest.devDependencies!['domo-scim-emulator']).toBe(`file:${EMULATOR_TARBALL}`);
    for (const file of ['package.json', 'package-lock.json']) {
      const text = fs.readFileSync(path.join(clone, file), 'utf8');
      expect({ file, dir: text.includes(dir), repository: text.includes(ROOT) }).toEqual({ file, dir: false, repository: false });
    }
  });

  it('installed both packages from vendor/ in the clone', () => {
    for (const name of ['cdktf-domo-identity', 'domo-scim-emulator'])
      expect(fs.existsSync(path.join(clone, 'node_modules', name, 'package.json'))).toBe(true);
  });

  it('starts the local Domo service with npm run emulator', async () => {
    const child: ChildProcess = spawn('npm', ['run', '--silent', 'emulator', '--', '--port', '0'], {
      cwd: clone,
      env: npmEnv({ PATH: process.env.PATH }),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true, // its own process group: npm, the shell and the service stop together
    });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          if (out.includes('\n')) resolve(out.split('\n')[0]!);
        });
        void exited.then((code) => reject(new Error(`npm run emulator exited ${code} before listening`)));
      });
      const { scimUrl } = JSON.parse(line) as { scimUrl: string };
      expect(scimUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/identity\/v1\/scim$/);
      const users = await fetch(`${scimUrl}/Users`, { headers: { authorization: 'Bearer local-dev-token' } });
      expect(((await users.json()) as { totalResults: number }).totalResults).toBe(4);
    } finally {
      process.kill(-child.pid!, 'SIGTERM');
      await exited;
    }
  });

  it('plans the first time with no flag, saying that Domo already holds managed values', async () => {
    const plan = await cli(['plan', '--out', 'domo-identity.tfplan']);
    if (plan.code !== 0) throw new Error(`the first plan failed:\n${plan.stderr}`);
    expect(plan.stdout).toMatch(/^> \*\*First deploy of this stack: Terraform's state holds none of its instances, and Domo holds values/);
    expect(plan.stderr).not.toContain('allow-empty-state');
  });

  it('adopts: export writes the columns main.ts reads; the plan of it changes no value in Domo; deploy --plan writes nothing', async () => {
    const exported = await cli(['export', '--keys', 'franchise,storeNumber', '--user-name-column', 'email', '--out', 'data/users.csv']);
    if (exported.code !== 0) throw new Error(`export failed:\n${exported.stderr}`);
    expect(fs.readFileSync(path.join(clone, 'data', 'users.csv'), 'utf8').split('\n')[0]).toBe('email,franchise,storeNumber');
    const plan = await cli(['plan', '--out', 'domo-identity.tfplan']);
    if (plan.code !== 0) throw new Error(`the plan of the export failed:\n${plan.stderr}`);
    expect(plan.stdout).toContain('0 users changed');
    const before = writes();
    const deploy = await cli(['deploy', '--plan', 'domo-identity.tfplan']);
    if (deploy.code !== 0) throw new Error(`deploy --plan failed:\n${deploy.stderr}`);
    expect(writes()).toBe(before);
    const again = await cli(['plan', '--out', 'domo-identity.tfplan']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/terraform plan: No changes\./);
  });

  it('deploys the sample data through plan --out and deploy --plan; a second plan has no changes', async () => {
    expect((await git(['checkout', '--', 'data/users.csv'], clone)).code).toBe(0);
    const plan = await cli(['plan', '--out', 'domo-identity.tfplan']);
    if (plan.code !== 0) throw new Error(`plan failed:\n${plan.stderr}`);
    const deploy = await cli(['deploy', '--plan', 'domo-identity.tfplan']);
    if (deploy.code !== 0) throw new Error(`deploy --plan failed:\n${deploy.stderr}`);
    const live = new Map(em.snapshot().users.map((u) => [u.userName, u.customAttributes ?? {}]));
    const rows = parseCsv(fs.readFileSync(path.join(clone, 'data', 'users.csv'), 'utf8'), 'users.csv').rows;
    expect(rows).toHaveLength(4);
    for (const { values } of rows)
      expect({ user: values.email, ...live.get(values.email!) }).toEqual({
        user: values.email,
        franchise: parseCellValues(values.franchise!),
        storeNumber: parseCellValues(values.storeNumber!),
      });
    const again = await cli(['plan', '--out', 'domo-identity.tfplan']);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/terraform plan: No changes\./);
    // Saved plans, their records, run logs and the state stay out of git.
    expect((await git(['status', '--porcelain'], clone)).stdout).toBe('');
  });

  it('refuses a plan once the state is lost, naming the record of the deploy and what Domo holds', async () => {
    fs.rmSync(stateFile());
    fs.rmSync(`${stateFile()}.backup`, { force: true });
    const plan = await cli(['plan', '--out', 'domo-identity.tfplan']);
    expect(plan.code).toBe(1);
    expect(plan.stderr).toContain("the state is lost: Terraform's state holds none of this stack's instances");
    expect(plan.stderr).toContain('(.domo-identity/deployed/domo-identity.json records it, ');
    expect(plan.stderr).toMatch(/Domo holds values the stack manages \(\S+@acme\.example holds (franchise|storeNumber)\)/);
    expect(plan.stderr).not.toContain('.backup');
  });
});
