import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { acquireRunLock, LOCK_FILE, RunLockedError, WORK_DIR } from '../../src/cli/run-lock';

describe('the run lock of a project folder', () => {
  let dir: string;
  const file = () => path.join(dir, WORK_DIR, LOCK_FILE);
  const holder = (pid: number, host = os.hostname()) =>
    fs.writeFileSync(file(), JSON.stringify({ pid, host, startedAt: '2026-11-29T10:00:00.000Z', command: 'deploy' }));

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-lock-'));
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('is taken, names its holder in the file, refuses a second run naming the holder, and is released', async () => {
    const lock = await acquireRunLock(dir, { command: 'plan', pid: 4242, host: 'ci-7' });
    expect(JSON.parse(fs.readFileSync(file(), 'utf8'))).toEqual({
      pid: 4242,
      host: 'ci-7',
      startedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      command: 'plan',
    });
    const second = acquireRunLock(dir, { command: 'deploy', host: 'ci-7', alive: () => true });
    await expect(second).rejects.toBeInstanceOf(RunLockedError);
    await expect(second).rejects.toThrow(
      `another domo-identity run holds this project folder: pid 4242 on ci-7, started ${lock.holder.startedAt} (domo-identity plan). ` +
        'Wait for it to finish (or pass --lock-timeout to wait), then run again.',
    );
    lock.release();
    expect(fs.existsSync(file())).toBe(false);
    (await acquireRunLock(dir, { command: 'deploy' })).release();
  });

  it('takes over a lock whose holder ran on this host and is gone (the stale-lock rule)', async () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    holder(999_999);
    const lock = await acquireRunLock(dir, { command: 'deploy', alive: (h) => h.pid !== 999_999 });
    expect(lock.holder.pid).toBe(process.pid);
    lock.release();
  });

  it('never takes over the lock of another host, and says which file to remove', async () => {
    fs.mkdirSync(path.dirname(file()), { recursive: true });
    holder(1, 'other-runner');
    await expect(acquireRunLock(dir, { command: 'deploy', alive: () => false })).rejects.toThrow(
      `The holder ran on another host, so its lock is never taken over automatically: once that run is gone, remove ${file()}.`,
    );
  });

  it('waits for a held lock with a timeout, polling, and gets it once released', async () => {
    const first = await acquireRunLock(dir, { command: 'plan' });
    const waits: number[] = [];
    const second = acquireRunLock(dir, { command: 'deploy', timeoutMs: 60_000, pollMs: 5, onWait: (h) => waits.push(h.pid) });
    await new Promise((r) => setTimeout(r, 20));
    first.release();
    const lock = await second;
    expect(waits).toEqual([process.pid]);
    expect(lock.holder.command).toBe('deploy');
    lock.release();
  });

  it('leaves a lock that is no longer its own in place', async () => {
    const lock = await acquireRunLock(dir, { command: 'plan' });
    holder(1234);
    lock.release();
    expect(JSON.parse(fs.readFileSync(file(), 'utf8')).pid).toBe(1234);
  });
});
