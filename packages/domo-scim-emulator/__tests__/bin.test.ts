import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { call, SEED_PATH, TOKEN } from './helpers';

const PACKAGE = join(__dirname, '..');
const BIN = join(PACKAGE, 'bin', 'domo-scim-emulator.js');

/** Runs the built bin as a user would, with stdout split into lines. */
function startBin(args: string[]) {
  if (!existsSync(join(PACKAGE, 'dist', 'src', 'cli.js'))) throw new Error('the package is not built: run "npm run build" first');
  const child = spawn(process.execPath, [BIN, ...args], { env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  return { child, lines, exited, stderr: () => stderr };
}

describe('bin/domo-scim-emulator.js', () => {
  it('serves until SIGTERM, then exits 0', async () => {
    const bin = startBin(['--port', '0', '--seed', SEED_PATH, '--token', TOKEN]);
    const first = await bin.lines.next();
    const { scimUrl } = JSON.parse(String(first.value)) as { scimUrl: string };
    expect((await call(scimUrl, 'GET', '/Users')).json.totalResults).toBe(4);
    bin.child.kill('SIGTERM');
    expect(await bin.exited).toEqual([0, null]);
    expect(bin.stderr()).toContain('Stopping the local Domo SCIM service.');
  });

  it('exits 2 naming the problem when there is no token', async () => {
    const bin = startBin(['--port', '0']);
    expect(await bin.exited).toEqual([2, null]);
    expect(bin.stderr()).toBe('domo-scim-emulator: no token: pass --token <token> or set the DOMO_SCIM_TOKEN environment variable\n');
  });

  it('prints its options with --help', async () => {
    const bin = startBin(['--help']);
    let out = '';
    for await (const line of bin.lines) out += `${line}\n`;
    expect(await bin.exited).toEqual([0, null]);
    expect(out).toMatch(/^Usage: domo-scim-emulator \[options\]/);
    for (const flag of [
      '--port',
      '--seed',
      '--token',
      '--persist',
      '--max-page-size',
      '--rate-limit',
      '--retry-after',
      '--retry-after-seconds',
    ])
      expect(out).toContain(flag);
    // The seed format, every fault kind and the admin API, so a user can test a stack without the source.
    for (const part of [
      'Seed file',
      '"apiClients"',
      '"pdpEnabled"',
      'Faults',
      'Admin API',
      'GET /state',
      'PUT /rate-limit',
      'Request log entries',
    ])
      expect(out).toContain(part);
    for (const kind of [
      'status',
      'error-after-apply',
      'delay',
      'drop',
      'accepted-not-applied',
      'echo-credentials',
      'post-keeps-only',
      'drops-fields',
    ])
      expect(out).toContain(kind);
  });
});
