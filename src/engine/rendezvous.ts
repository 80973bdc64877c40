import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_DIR } from '../model/layout';
import { createExclusive, identityOf, isRunning, readLock, takeOverStale, type ProcessIdentity } from './lock-file';

/**
 * How the handlers of one `terraform apply` find their one engine. The engine of an apply is
 * named by a digest of the stack folder and the Terraform process (the handlers' parent), so two
 * applies never share one, and its files live in the stack folder: the socket (mode 0600), a lock
 * the engine takes itself, naming its pid and start time while it runs, and its log. Only the
 * lock's holder removes the socket and the lock; a dead engine's files go with a takeover of its
 * lock (src/engine/lock-file.ts). Paths are relative to the stack folder,
 * the working directory of every handler, which keeps the socket path under Unix's ~104-byte cap.
 */
export interface EngineFiles {
  readonly socket: string;
  readonly lock: string;
  readonly log: string;
}

export function engineFiles(stackDir: string, terraformPid: number): EngineFiles {
  const id = createHash('sha256')
    .update(`${fs.realpathSync(stackDir)}\0${terraformPid}`)
    .digest('hex')
    .slice(0, 16);
  const base = path.join(MANIFEST_DIR, `.engine-${id}`);
  return { socket: `${base}.sock`, lock: `${base}.lock`, log: `${base}.log` };
}

/** Proves a handler holds the engine's token without sending or storing the token itself. */
export function credentialOf(token: string | undefined): string {
  return createHash('sha256')
    .update(`domo-identity engine\0${(token ?? '').trim()}`)
    .digest('hex');
}

/** The engine holding an apply's lock, as it wrote itself there; undefined when there is no lock. */
export interface EngineHolder extends ProcessIdentity {
  /** The lock's content, for a takeover that must find it unchanged. */
  readonly text: string;
}

export function lockHolder(lock: string): EngineHolder | undefined {
  const text = readLock(lock);
  if (text === undefined) return undefined;
  try {
    const { pid, started } = JSON.parse(text) as { pid?: unknown; started?: unknown };
    if (Number.isInteger(pid)) return { pid: pid as number, ...(typeof started === 'string' ? { started } : {}), text };
  } catch {
    // Not an engine's lock: treated as one whose engine is gone.
  }
  return { pid: 0, text };
}

/**
 * Takes the engine lock for this process, whole and exclusively; a lock whose engine is gone is
 * taken over (with its socket) first. Returns the lock as written, or undefined when a live
 * engine holds it.
 */
export function claimEngineLock(files: EngineFiles): string | undefined {
  const mine = JSON.stringify(identityOf());
  for (;;) {
    if (createExclusive(files.lock, mine)) return mine;
    const holder = lockHolder(files.lock);
    if (holder === undefined) continue;
    if (isRunning(holder)) return undefined;
    if (!takeOverStale(files.lock, holder.text, [files.socket])) return undefined;
  }
}
