import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MANIFEST_DIR } from '../model/layout';

/**
 * How the handlers of one `terraform apply` find their one engine. The engine of an apply is
 * named by a digest of the stack folder and the Terraform process (the handlers' parent), so two
 * applies never share one, and its files live in the stack folder: the socket (mode 0600), a lock
 * holding the engine's pid while it runs, and its log. Paths are relative to the stack folder,
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

/**
 * Whether a process runs. A killed engine whose parent (init, in a container often not a reaper)
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

/** The pid in a lock file: undefined while the starting handler has not written it yet, or when there is no lock. */
export function lockHolder(lock: string): { pid?: number; ageMs: number } | undefined {
  try {
    const stat = fs.statSync(lock);
    const pid = Number.parseInt(fs.readFileSync(lock, 'utf8').trim(), 10);
    return { ...(Number.isInteger(pid) ? { pid } : {}), ageMs: Date.now() - stat.mtimeMs };
  } catch {
    return undefined;
  }
}

/** Removes an engine's files once its process is gone (killed, or crashed). */
export function removeEngineFiles(files: EngineFiles, withLog = false): void {
  for (const f of [files.socket, files.lock, ...(withLog ? [files.log] : [])]) fs.rmSync(f, { force: true });
}
