import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { ROOT } from '../support/roster';

const TOKEN = 'exit-code-secret-4d1e';
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');

/** An empty folder to run in: no synthesized project whose keys and roles doctor would read. */
let cwd: string;

/** The built CLI as a user runs it. Asynchronous: the local service answers from this process. */
function cli(
  args: string[],
  env: Record<string, string> = { DOMO_SCIM_TOKEN: TOKEN },
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code) : 0, stdout, stderr });
    });
  });
}

describe('domo-identity exit codes (built CLI)', () => {
  let em: RunningEmulator;
  beforeAll(async () => {
    cwd = mkdtempSync(join(tmpdir(), 'exit-codes-'));
    em = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(ROOT, 'data', 'sample-seed.json')) });
  });
  afterAll(async () => {
    await em.close();
    rmSync(cwd, { recursive: true, force: true });
  });

  it('doctor exits 0 when every check passes', async () => {
    const result = await cli(['doctor', '--url', em.scimUrl, '--keys', 'region', '--roles', 'Participant,101']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.slice(0, 2)),
    ).toEqual(['✓ ', '✓ ', '✓ ', '✓ ', '✓ ', '✓ ', '✓ ']);
  });

  it('doctor exits 1 when a check fails, naming it', async () => {
    const result = await cli(['doctor', '--url', em.scimUrl, '--keys', 'region,nope', '--roles', '4']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ key:nope: key nope is not defined in Domo (Admin > Governance > Attributes)');
    expect(result.stderr).toBe('domo-identity: doctor: 1 of 7 checks failed: key:nope\n');
  });

  it.each([
    ['an unknown option', ['doctor', '--bogus'], { DOMO_SCIM_TOKEN: TOKEN }, /unknown option '--bogus'/],
    ['a missing token', ['doctor', '--keys', 'region'], {}, /DOMO_SCIM_TOKEN is not set/],
    ['an unknown command', ['docter'], { DOMO_SCIM_TOKEN: TOKEN }, /unknown command 'docter'/],
  ])('exits 2 for a usage error: %s', async (_name, args, env, message) => {
    const result = await cli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('never prints the token', async () => {
    const results = await Promise.all([
      cli(['doctor', '--url', em.scimUrl, '--keys', 'nope']),
      cli(['doctor', '--url', em.scimUrl], { DOMO_SCIM_TOKEN: `${TOKEN}-wrong` }),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1]);
    for (const r of results) expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});
