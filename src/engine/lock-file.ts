import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';

/**
 * Lock files shared by the run lock (one domo-identity run per project folder) and the engine
 * lock (one engine per apply). Node built-ins only: the handler local-exec starts uses them.
 *
 * - A lock is created whole or not at all: its content goes to a private file first, which is
 *   then hard-linked to the lock's name (link fails when the name exists), so no reader ever
 *   sees an empty or half-written lock.
 * - A holder is named by its pid and its start time, so a pid the system gave to a new process
 *   after the holder died does not pass for the holder.
 * - A stale lock is removed by one taker at a time, under a takeover file created the same way:
 *   the taker reads the lock again under it, and removes it (and what it guards) only if it is
 *   still the stale one. A live holder's lock is removed by its holder only.
 */

/** When a process started (Linux: clock ticks since boot, /proc/<pid>/stat field 22); undefined where unknown. */
export function processStart(pid: number): string | undefined {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: fields are counted after its last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

/**
 * Whether a process runs. A killed process whose parent (init, in a container often not a reaper)
 * has not reaped it is a zombie: signal 0 still reaches it, so Linux's process state decides.
 */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return !/^\d+ \(.*\) [ZX] /s.test(stat);
  } catch {
    return true;
  }
}

/** A lock holder as written in its lock: its pid and (where the system tells) its start time. */
export interface ProcessIdentity {
  readonly pid: number;
  readonly started?: string;
}

/** This process, or another one by pid, as a lock names it. */
export function identityOf(pid: number = process.pid): ProcessIdentity {
  const started = processStart(pid);
  return started === undefined ? { pid } : { pid, started };
}

/** Whether the process a lock names still runs: the same pid, started at the same time. */
export function isRunning(holder: ProcessIdentity): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.started === undefined) return true;
  const started = processStart(holder.pid);
  return started === undefined || started === holder.started;
}

/** Creates `file` holding `content` unless it exists: true when this call created it. */
export function createExclusive(file: string, content: string, mode = 0o600): boolean {
  const staged = `${file}.${process.pid}.${randomBytes(6).toString('hex')}.new`;
  fs.writeFileSync(staged, content, { mode, flag: 'wx' });
  try {
    fs.linkSync(staged, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  } finally {
    fs.rmSync(staged, { force: true });
  }
}

/** The lock's content; undefined when there is none. */
export function readLock(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}

/** Removes the lock if it still holds `content` (its holder's release): nobody else removes a live holder's lock. */
export function removeIfHolds(file: string, content: string): void {
  if (readLock(file) === content) fs.rmSync(file, { force: true });
}

/**
 * A takeover file older than this whose taker is gone was left by a taker killed in the
 * microseconds it holds one; only then is it removed.
 */
const TAKEOVER_STALE_MS = 5_000;

/**
 * Removes a lock judged stale, with `remains` (the files it guarded) removed first, while the
 * stale lock still keeps a new holder from taking them. Done by one taker at a time; false when
 * another taker is at it (look again shortly) or the lock is no longer the stale one.
 */
export function takeOverStale(file: string, stale: string, remains: readonly string[] = []): boolean {
  const takeover = `${file}.takeover`;
  const mine = JSON.stringify(identityOf());
  if (!createExclusive(takeover, mine)) {
    clearAbandonedTakeover(takeover);
    return false;
  }
  try {
    if (readLock(file) !== stale) return false;
    for (const f of remains) fs.rmSync(f, { force: true });
    fs.rmSync(file, { force: true });
    return true;
  } finally {
    removeIfHolds(takeover, mine);
  }
}

function clearAbandonedTakeover(takeover: string): void {
  try {
    const holder = JSON.parse(readLock(takeover) ?? 'null') as ProcessIdentity | null;
    const old = Date.now() - fs.statSync(takeover).mtimeMs > TAKEOVER_STALE_MS;
    if (holder && old && !isRunning(holder)) fs.rmSync(takeover, { force: true });
  } catch {
    // Gone meanwhile, or being written: the next look decides.
  }
}
