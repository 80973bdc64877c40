import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildSync } from 'esbuild';
import { LOCK_FILE, WORK_DIR } from '../../src/cli/run-lock';

const TAKERS = 20;

/**
 * Twenty processes find one stale run lock at once (a barrier releases them together): exactly
 * one takes it and proceeds, every other fails with the held-lock message naming that one.
 */
describe('racing takers of a stale run lock', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-lock-race-'));
  const bundle = path.join(dir, 'run-lock.js');
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it(`${TAKERS} concurrent takers: exactly one proceeds, ${TAKERS - 1} exit with "another run holds this folder"`, async () => {
    buildSync({
      entryPoints: [path.join(__dirname, '..', '..', 'src', 'cli', 'run-lock.ts')],
      bundle: true,
      platform: 'node',
      format: 'cjs',
      outfile: bundle,
      logLevel: 'error',
    });
    const file = path.join(dir, WORK_DIR, LOCK_FILE);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // A holder that ran on this host and is gone: its process has exited and been reaped.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
    const stale = { pid: Number(dead.stdout), host: os.hostname(), startedAt: '2026-11-29T10:00:00.000Z', command: 'deploy' };
    fs.writeFileSync(file, JSON.stringify(stale));

    const script = `
      const { acquireRunLock } = require(${JSON.stringify(bundle)});
      process.stdout.write('ready\\n');
      process.stdin.once('data', () => {
        acquireRunLock(${JSON.stringify(dir)}, { command: 'deploy' }).then(
          () => {
            process.stdout.write('held\\n');
            process.stdin.on('end', () => process.exit(0)).resume();
          },
          (e) => {
            process.stderr.write(e.message);
            process.exit(1);
          },
        );
      });`;
    const takers = Array.from({ length: TAKERS }, () => {
      const child = spawn(process.execPath, ['-e', script], { stdio: ['pipe', 'pipe', 'pipe'] });
      const taker = { child, stdout: '', stderr: '', exited: new Promise<number | null>((r) => child.on('close', r)) };
      child.stdout!.on('data', (b: Buffer) => (taker.stdout += b.toString('utf8')));
      child.stderr!.on('data', (b: Buffer) => (taker.stderr += b.toString('utf8')));
      return taker;
    });
    const ready = (t: (typeof takers)[number]) => t.stdout.includes('ready');
    while (!takers.every(ready)) await new Promise((r) => setTimeout(r, 20));
    for (const t of takers) t.child.stdin!.write('go\n');

    // Every loser exits; the winner holds the lock until its stdin closes.
    const held = (t: (typeof takers)[number]) => t.stdout.includes('held');
    const settled = () => takers.filter((t) => held(t) || t.child.exitCode !== null).length;
    while (settled() < TAKERS) await new Promise((r) => setTimeout(r, 20));
    const winners = takers.filter(held);
    const losers = takers.filter((t) => !held(t));
    expect(winners).toHaveLength(1);
    const winner: ChildProcess = winners[0]!.child;
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ pid: winner.pid, host: os.hostname() });
    for (const loser of losers) {
      expect(await loser.exited).toBe(1);
      expect(loser.stderr).toContain(`another domo-identity run holds this project folder: pid ${winner.pid} on ${os.hostname()}`);
    }
    winner.stdin!.end();
    expect(await winners[0]!.exited).toBe(0);
    expect(fs.existsSync(file)).toBe(false);
    expect(fs.readdirSync(path.dirname(file))).toEqual([]);
  });
});
