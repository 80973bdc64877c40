import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createExclusive, identityOf, isRunning, takeOverStale } from '../../src/engine/lock-file';
import { claimEngineLock, lockHolder } from '../../src/engine/rendezvous';

describe('lock files', () => {
  let dir: string;
  const lock = () => path.join(dir, 'x.lock');
  /** A pid whose process has exited and been reaped. */
  const deadPid = () =>
    Number(spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' }).stdout);
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lock-file-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('is created whole by one creator only, and leaves no staging file', () => {
    expect(createExclusive(lock(), 'first')).toBe(true);
    expect(createExclusive(lock(), 'second')).toBe(false);
    expect(fs.readFileSync(lock(), 'utf8')).toBe('first');
    expect(fs.readdirSync(dir)).toEqual(['x.lock']);
  });

  it('names a holder by pid and start time: a reused pid is not the holder', () => {
    const me = identityOf();
    expect(me.started).toMatch(/^\d+$/);
    expect(isRunning(me)).toBe(true);
    expect(isRunning({ pid: process.pid, started: String(Number(me.started) + 1) })).toBe(false);
    expect(isRunning({ pid: deadPid() })).toBe(false);
  });

  it('removes a stale lock only while it still is the stale one', () => {
    createExclusive(lock(), 'stale');
    fs.writeFileSync(path.join(dir, 'x.sock'), '');
    // Another taker removed the stale lock and a new holder took it since this taker read it.
    fs.rmSync(lock());
    createExclusive(lock(), 'fresh');
    expect(takeOverStale(lock(), 'stale', [path.join(dir, 'x.sock')])).toBe(false);
    expect(fs.readFileSync(lock(), 'utf8')).toBe('fresh');
    expect(fs.existsSync(path.join(dir, 'x.sock'))).toBe(true);
    expect(takeOverStale(lock(), 'fresh', [path.join(dir, 'x.sock')])).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it('lets one taker at a time at a stale lock: a takeover in progress makes the others look again', () => {
    createExclusive(lock(), 'stale');
    createExclusive(`${lock()}.takeover`, JSON.stringify(identityOf()));
    expect(takeOverStale(lock(), 'stale')).toBe(false);
    expect(fs.readFileSync(lock(), 'utf8')).toBe('stale');
  });

  it('clears a takeover file whose taker died holding it, once it is old', () => {
    createExclusive(lock(), 'stale');
    const takeover = `${lock()}.takeover`;
    createExclusive(takeover, JSON.stringify({ pid: deadPid() }));
    expect(takeOverStale(lock(), 'stale')).toBe(false);
    expect(fs.existsSync(takeover)).toBe(true);
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(takeover, old, old);
    expect(takeOverStale(lock(), 'stale')).toBe(false);
    expect(takeOverStale(lock(), 'stale')).toBe(true);
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it("an engine claims the apply's lock, not a live engine's, and takes over a dead engine's lock with its socket", () => {
    const files = { socket: path.join(dir, 'e.sock'), lock: path.join(dir, 'e.lock'), log: path.join(dir, 'e.log') };
    const mine = claimEngineLock(files);
    expect(lockHolder(files.lock)).toEqual({ ...identityOf(), text: mine });
    expect(claimEngineLock(files)).toBeUndefined();
    fs.rmSync(files.lock);
    createExclusive(files.lock, JSON.stringify({ pid: deadPid() }));
    fs.writeFileSync(files.socket, '');
    expect(claimEngineLock(files)).toBe(JSON.stringify(identityOf()));
    expect(fs.existsSync(files.socket)).toBe(false);
  });
});
