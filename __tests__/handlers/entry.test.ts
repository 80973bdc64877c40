import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { execFile, spawnSync } from 'node:child_process';
import { wrap } from 'node:module';
import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { lockHolder } from '../../src/engine/rendezvous';
import { writeHandler } from '../../src/synth/handler-files';
import { writeFixtureStack } from '../support/synth-fixture';
import { ONE_SHARD_DIGEST, ONE_SHARD_DIR, writeOneShardManifest } from '../support/handler-fixture';

const BUILT = path.join(__dirname, '..', '..', 'dist', 'handler');

/** Stops every engine whose lock is in the folder (a handler's engine otherwise waits out its idle time). */
function stopEngines(stackDir: string): void {
  const dir = path.join(stackDir, 'domo-identity');
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) {
    const pid = f.endsWith('.lock') ? lockHolder(path.join(dir, f))?.pid : undefined;
    if (pid) process.kill(pid, 'SIGKILL');
  }
  for (const f of fs.existsSync(dir) ? fs.readdirSync(dir) : []) if (f.startsWith('.engine-')) fs.rmSync(path.join(dir, f));
}

/** Starts its arguments as a child and exits with its status, as Terraform's local-exec does. */
const AS_TERRAFORM =
  'const r = require("node:child_process").spawnSync(process.execPath, process.argv.slice(1), { stdio: "inherit" }); process.exit(r.status ?? 1);';

/** The handler as synth writes it into a stack folder and local-exec starts it: a node process with argv only. */
describe('handler and engine processes', () => {
  const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-entry-'));
  const run = (args: string[], env: Record<string, string> = { DOMO_SCIM_TOKEN: 'tok-entry-secret' }) =>
    // Through a parent in the stack folder, as Terraform is: a handler whose parent runs elsewhere was orphaned.
    spawnSync(process.execPath, ['-e', AS_TERRAFORM, 'domo-identity/handler.js', ...args], {
      cwd: stackDir,
      env: { PATH: process.env.PATH!, ...env },
      encoding: 'utf8',
    });

  beforeAll(() => {
    writeHandler(stackDir);
    writeOneShardManifest(stackDir);
  });
  afterEach(() => stopEngines(stackDir));
  afterAll(() => fs.rmSync(stackDir, { recursive: true, force: true }));

  it('synth writes a small handler, the engine starter, its bundle and a code cache this Node.js accepts', () => {
    expect(
      fs
        .readdirSync(path.join(stackDir, 'domo-identity'))
        .filter((f) => f.endsWith('.js') || f.endsWith('.cache'))
        .sort(),
    ).toEqual(['engine-bundle.js', 'engine-bundle.js.cache', 'engine.js', 'handler.js']);
    // Node built-ins and zod's small build (it checks every message from the engine): tens of kB, not the engine's MB.
    expect(fs.statSync(path.join(stackDir, 'domo-identity/handler.js')).size).toBeLessThan(40_000);
    const script = new vm.Script(wrap(fs.readFileSync(path.join(BUILT, 'engine-bundle.js'), 'utf8')), {
      filename: 'bundle.js',
      cachedData: fs.readFileSync(path.join(BUILT, 'engine-bundle.js.cache')),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('verifies a shard against the digest Terraform computed, through the engine it starts', () => {
    expect(run(['user-attributes', 'verify', ONE_SHARD_DIR, 'a', ONE_SHARD_DIGEST])).toMatchObject({ status: 0, stderr: '' });
  });

  it('refuses a manifest that differs from the plan', () => {
    const r = run(['user-attributes', 'verify', ONE_SHARD_DIR, 'a', '0'.repeat(64)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/The desired state of test\/Attrs instance "a" does not match the plan/);
  });

  it('still runs with a cache V8 rejects, or none', () => {
    const cache = path.join(stackDir, 'domo-identity', 'engine-bundle.js.cache');
    fs.writeFileSync(cache, 'not a code cache');
    expect(run(['user-attributes', 'verify', ONE_SHARD_DIR, 'a', ONE_SHARD_DIGEST]).status).toBe(0);
    stopEngines(stackDir);
    fs.rmSync(cache);
    expect(run(['user-attributes', 'verify', ONE_SHARD_DIR, 'a', ONE_SHARD_DIGEST]).status).toBe(0);
  });

  it('names a missing token before starting anything', () => {
    const r = run(['user-attributes', 'create', ONE_SHARD_DIR, 'a', ONE_SHARD_DIGEST], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('DOMO_SCIM_TOKEN is not set');
    expect(fs.readdirSync(path.join(stackDir, 'domo-identity')).filter((f) => f.startsWith('.engine'))).toEqual([]);
  });

  it('refuses bad arguments with its usage', () => {
    expect(run(['user-attributes', 'explode', 'x', 'a', 'b'])).toMatchObject({ status: 2, stderr: expect.stringContaining('usage:') });
  });
});

describe('the engine never prints the token', () => {
  let emulator: RunningEmulator;
  const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-token-'));
  const token = 'tok-entry-secret-0123456789';

  beforeAll(async () => {
    emulator = await startEmulator({ port: 0, token, seed: Seed.parse({ users: [] }) });
    writeHandler(stackDir);
    writeFixtureStack(stackDir, { url: emulator.scimUrl, authScheme: 'bearer' }, [
      {
        path: 'test/Attrs',
        kind: 'user-attributes',
        construct: { managedKeys: ['storeNumber'], removalPolicy: 'clear', desiredUsers: ['jane@acme.com'] },
        instances: new Map([['a', { shard: 'a', users: [{ userName: 'jane@acme.com', attributes: { storeNumber: ['101'] } }] }]]),
      },
    ]);
  });
  afterAll(async () => {
    stopEngines(stackDir);
    await emulator.close();
    fs.rmSync(stackDir, { recursive: true, force: true });
  });

  it('even when Domo answers with an error that repeats the credentials', async () => {
    emulator.addFault({ kind: 'echo-credentials', method: 'GET', pathPattern: '^/Users$', status: 400, times: 5 });
    // Not spawnSync: the local service answers from this process's event loop.
    const r = await new Promise<{ status: number; stdout: string; stderr: string }>((resolve) =>
      execFile(
        process.execPath,
        ['-e', AS_TERRAFORM, 'domo-identity/handler.js', 'user-attributes', 'create', ONE_SHARD_DIR, 'a', ONE_SHARD_DIGEST],
        { cwd: stackDir, env: { PATH: process.env.PATH!, DOMO_SCIM_TOKEN: token } },
        (err, stdout, stderr) => resolve({ status: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
      ),
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('SCIM GET /Users failed with 400');
    expect(r.stdout + r.stderr).not.toContain(token);
    expect(r.stderr).toContain('[REDACTED]');
  });
});

describe('a handler whose Terraform is gone', () => {
  it('refuses the work and starts no engine: its parent (init or a subreaper) runs in another folder', () => {
    const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-orphan-'));
    try {
      writeHandler(stackDir);
      writeOneShardManifest(stackDir);
      const r = spawnSync(
        process.execPath,
        ['domo-identity/handler.js', 'user-attributes', 'verify', ONE_SHARD_DIR, 'a', ONE_SHARD_DIGEST],
        {
          cwd: stackDir,
          env: { PATH: process.env.PATH!, DOMO_SCIM_TOKEN: 'tok' },
          encoding: 'utf8',
        },
      );
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('Terraform stopped before this instance was worked on; the next deploy reconciles it');
      expect(fs.readdirSync(path.join(stackDir, 'domo-identity')).filter((f) => f.startsWith('.engine'))).toEqual([]);
    } finally {
      fs.rmSync(stackDir, { recursive: true, force: true });
    }
  });
});
