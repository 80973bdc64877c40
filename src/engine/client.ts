import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { credentialOf, engineFiles, isAlive, lockHolder, removeEngineFiles, type EngineFiles } from './rendezvous';
import { encode, lineReader, type EngineMessage, type Work } from './protocol';

export interface ClientOptions {
  /** The engine's starter, spawned when no engine of this apply runs yet. */
  readonly enginePath: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
}

/** A lock left without a pid for this long belongs to a handler that died while starting the engine. */
const EMPTY_LOCK_STALE_MS = 10_000;

/**
 * The handler local-exec starts: it hands its instance's work to the engine of this apply
 * (starting it if it is the first), prints the engine's progress and its verdict, and returns the
 * verdict's exit code, so Terraform fails or taints this instance on its own work only.
 */
export async function runThroughEngine(work: Work, options: ClientOptions): Promise<number> {
  // Terraform stops gracefully on Ctrl-C and waits for running provisioners: this instance's work
  // goes on in the engine, so the handler waits for its verdict instead of dying with the signal.
  process.on('SIGINT', () => {});
  process.on('SIGTERM', () => {});
  // Read once: if Terraform dies meanwhile this process is re-parented (often to pid 1), and an
  // engine started for that pid would never see its Terraform go.
  const terraformPid = process.ppid;
  const files = engineFiles(process.cwd(), terraformPid);
  const socket = await connectOrStart(files, terraformPid, options);
  return new Promise<number>((resolve) => {
    let verdict: number | undefined;
    socket.on(
      'data',
      lineReader((line) => {
        const message = JSON.parse(line) as EngineMessage;
        if (message.type === 'output') options.out(message.text);
        else if (message.type === 'refused') {
          options.err(`domo-identity: the deploy engine refused this instance: ${message.reason}\n`);
          verdict = 1;
        } else {
          if (message.stdout) options.out(message.stdout);
          if (message.stderr) options.err(message.stderr);
          verdict = message.code;
        }
        if (verdict !== undefined) socket.end();
      }),
    );
    socket.on('error', () => {});
    socket.on('close', () => {
      if (verdict === undefined) verdict = engineLost(files, options);
      resolve(verdict);
    });
    socket.write(encode({ type: 'submit', credential: credentialOf(options.env.DOMO_SCIM_TOKEN), work }));
  });
}

async function connectOrStart(files: EngineFiles, terraformPid: number, options: ClientOptions): Promise<net.Socket> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const socket = await connect(files.socket);
    if (socket) return socket;
    const holder = lockHolder(files.lock);
    if (holder === undefined) {
      // A handler outlives a killed Terraform: an engine started now would serve nobody.
      if (!isAlive(terraformPid)) throw new Error('Terraform stopped before this instance was worked on; the next deploy reconciles it');
      startEngine(files, terraformPid, options);
    } else if (holder.pid !== undefined ? !isAlive(holder.pid) : holder.ageMs > EMPTY_LOCK_STALE_MS) {
      // An engine that wrote to its log and died never served: it will not do better when restarted.
      const log = logTail(files);
      removeEngineFiles(files, true);
      if (log !== '') throw new Error(`the deploy engine stopped: ${log}`);
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `the deploy engine did not start within ${Math.round((options.startTimeoutMs ?? 60_000) / 1000)} s (its log: ${files.log})`,
      );
    }
    await delay(wait);
  }
}

function connect(path: string): Promise<net.Socket | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ path });
    socket.once('connect', () => resolve(socket));
    socket.once('error', () => resolve(undefined));
  });
}

/** Starts the engine unless another handler got the lock first; the lock then holds its pid. */
function startEngine(files: EngineFiles, terraformPid: number, options: ClientOptions): void {
  let lock: number;
  try {
    lock = fs.openSync(files.lock, 'wx', 0o600);
  } catch {
    return;
  }
  try {
    fs.rmSync(files.socket, { force: true });
    const log = fs.openSync(files.log, 'a', 0o600);
    // Detached: Ctrl-C at the terminal reaches Terraform and the handlers, never the engine, which
    // finishes the work Terraform waits for and stops by itself when Terraform is gone.
    const child = spawn(process.execPath, [options.enginePath, 'serve', files.socket, String(terraformPid)], {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env,
    });
    fs.writeSync(lock, String(child.pid ?? ''));
    child.unref();
    fs.closeSync(log);
  } finally {
    fs.closeSync(lock);
  }
}

/** The engine went away before this instance's verdict: fail the instance, and clean up after a killed engine. */
function engineLost(files: EngineFiles, options: ClientOptions): number {
  const holder = lockHolder(files.lock);
  const gone = holder?.pid === undefined || !isAlive(holder.pid);
  const log = logTail(files);
  if (gone) removeEngineFiles(files, true);
  options.err(
    `domo-identity: the deploy engine stopped before it finished this instance${holder?.pid ? ` (pid ${holder.pid})` : ''}; ` +
      `the instance fails and is reconciled again on the next deploy${log ? `\n${log}` : ''}\n`,
  );
  return 1;
}

/** The last lines the engine wrote to its log (only failures are written there); '' when none. */
function logTail(files: EngineFiles): string {
  try {
    return fs.readFileSync(files.log, 'utf8').trim().split('\n').slice(-5).join('\n');
  } catch {
    return '';
  }
}
