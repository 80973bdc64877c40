import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { z } from 'zod';
import { createExclusive, identityOf, isRunning, readLock, removeIfHolds, takeOverStale, type ProcessIdentity } from '../engine/lock-file';

/**
 * `<project>/.domo-identity/`: what `domo-identity` keeps in a cdktf project folder between and
 * during runs: the run lock, the logs of quiet runs, the staging folder of a synth and the plan of
 * a one-go deploy. Not for version control.
 */
export const WORK_DIR = '.domo-identity';
export const LOCK_FILE = 'lock';

export function workDir(projectDir: string): string {
  return path.join(projectDir, WORK_DIR);
}

/** Who holds the run lock of a project folder. */
export const LockHolder = z.object({
  pid: z.number().int(),
  /** When the holder's process started (see processStart): a reused pid is not the holder. */
  started: z.string().optional(),
  host: z.string(),
  /** ISO time the holder took the lock. */
  startedAt: z.string(),
  /** e.g. `deploy`, `plan`, `drift`. */
  command: z.string(),
});
export type LockHolder = z.infer<typeof LockHolder>;

/** Another run holds the project's lock (or it could not be taken). Exit code 1. */
export class RunLockedError extends Error {
  override readonly name = 'RunLockedError';
  constructor(
    message: string,
    readonly holder?: LockHolder,
  ) {
    super(message);
  }
}

export interface RunLockOptions {
  /** What takes the lock, shown to a run that finds it held. */
  readonly command: string;
  /** How long to wait for a held lock before failing. @default 0 (fail at once) */
  readonly timeoutMs?: number;
  /** How often a waiting run looks again. @default 500 */
  readonly pollMs?: number;
  /** @default os.hostname() */
  readonly host?: string;
  /** @default process.pid */
  readonly pid?: number;
  /** @default isRunning (the same pid, started at the same time; zombies count as gone) */
  readonly alive?: (holder: ProcessIdentity) => boolean;
  /** Told once when the run starts waiting. */
  readonly onWait?: (holder: LockHolder) => void;
}

/** A held lock; `release` removes it (only if it is still this run's), also on process exit. */
export interface RunLock {
  readonly file: string;
  readonly holder: LockHolder;
  release(): void;
}

/**
 * One `domo-identity` run at a time per project folder: a lock file created whole and exclusively
 * (src/engine/lock-file.ts) before anything else happens, so a second run never synthesizes over
 * the first one's `cdktf.out` or applies beside it. The file names the holder (pid and its start
 * time, host, start time, command).
 *
 * Stale-lock rule: a lock whose holder ran on this host and whose process is gone (killed, crashed,
 * a reboot, or its pid now another process's) is stale and taken over, by exactly one of the runs
 * that find it. A lock from another host (a shared folder) or an unreadable one is never taken over
 * automatically: the message says how to remove it once that run is gone.
 */
export async function acquireRunLock(projectDir: string, options: RunLockOptions): Promise<RunLock> {
  const file = path.join(workDir(projectDir), LOCK_FILE);
  const pid = options.pid ?? process.pid;
  const identity = identityOf(pid);
  const holder: LockHolder = {
    pid,
    ...(identity.started === undefined ? {} : { started: identity.started }),
    host: options.host ?? os.hostname(),
    startedAt: new Date().toISOString(),
    command: options.command,
  };
  const alive = options.alive ?? isRunning;
  const deadline = Date.now() + (options.timeoutMs ?? 0);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  let waiting = false;
  for (;;) {
    if (tryCreate(file, holder)) return held(file, holder);
    const text = readLock(file);
    if (text === undefined) continue;
    const current = parseHolder(text);
    if (current !== 'unreadable' && current.host === holder.host && !alive(current)) {
      // The holder died without releasing. One of the runs that see it takes it over; the
      // others find the lock gone or held by that one on their next look.
      if (!takeOverStale(file, text)) await delay(5);
      continue;
    }
    if (Date.now() >= deadline) throw lockedError(file, current, options.timeoutMs ?? 0);
    if (!waiting && current !== 'unreadable') options.onWait?.(current);
    waiting = true;
    await delay(options.pollMs ?? 500);
  }
}

function tryCreate(file: string, holder: LockHolder): boolean {
  try {
    return createExclusive(file, JSON.stringify(holder), 0o644);
  } catch (e) {
    throw new RunLockedError(`cannot create the run lock ${file}: ${(e as Error).message}`);
  }
}

/** The holder named in the lock; `unreadable` when it is not a holder this version writes. */
function parseHolder(text: string): LockHolder | 'unreadable' {
  try {
    const parsed = LockHolder.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : 'unreadable';
  } catch {
    return 'unreadable';
  }
}

function held(file: string, holder: LockHolder): RunLock {
  const mine = JSON.stringify(holder);
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', release);
    try {
      removeIfHolds(file, mine);
    } catch {
      // The folder is gone already.
    }
  };
  process.on('exit', release);
  return { file, holder, release };
}

/** `pid 4242 on ci-runner-7, started 2026-11-29T10:00:00.000Z (deploy)`. */
export function describeHolder(holder: LockHolder): string {
  return `pid ${holder.pid} on ${holder.host}, started ${holder.startedAt} (domo-identity ${holder.command})`;
}

function lockedError(file: string, holder: LockHolder | 'unreadable', timeoutMs: number): RunLockedError {
  const waited = timeoutMs > 0 ? ` (waited ${Math.round(timeoutMs / 1000)} s)` : '';
  if (holder === 'unreadable') {
    return new RunLockedError(
      `another domo-identity run holds this project folder${waited}: the lock ${file} cannot be read. ` +
        `If no other run is going on, remove it (rm ${shellQuote(file)}) and run again.`,
    );
  }
  const sameHost = holder.host === os.hostname();
  return new RunLockedError(
    `another domo-identity run holds this project folder${waited}: ${describeHolder(holder)}. ` +
      `Wait for it to finish (or pass --lock-timeout to wait), then run again.` +
      (sameHost
        ? ''
        : ` The holder ran on another host, so its lock is never taken over automatically: once that run is gone, remove ${shellQuote(file)}.`),
    holder,
  );
}

/** A path as one shell word, for commands printed for people to paste. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
