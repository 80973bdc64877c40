import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { setTimeout as delay } from 'node:timers/promises';
import { isAlive, isRunning, takeOverStale } from './lock-file';
import { credentialOf, engineFiles, lockHolder, type EngineFiles } from './rendezvous';
import { encode, lineReader, parseEngineMessage, type Work } from './protocol';

export interface ClientOptions {
  /** The engine's starter, spawned when no engine of this apply runs yet. */
  readonly enginePath: string;
  readonly env: NodeJS.ProcessEnv;
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  /** @default 60_000 */
  readonly startTimeoutMs?: number;
}

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
  const terraformPid = parentTerraform();
  if (terraformPid === undefined) throw new Error(TERRAFORM_GONE);
  const files = engineFiles(process.cwd(), terraformPid);
  const socket = await connectOrStart(files, terraformPid, options);
  return new Promise<number>((resolve) => {
    let verdict: number | undefined;
    const fail = (problem: string) => {
      options.err(
        `domo-identity: the deploy engine answered this instance with ${problem}; the instance fails and is reconciled again on the next deploy\n`,
      );
      verdict = 1;
      socket.destroy();
    };
    socket.on(
      'data',
      lineReader({
        onLine: (line) => {
          if (verdict !== undefined) return;
          const parsed = parseEngineMessage(line);
          if (!parsed.ok) return fail(`a malformed message: ${parsed.problem}`);
          const message = parsed.message;
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
        },
        onTooLong: (chars) => fail(`a line of over ${chars} characters`),
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

const TERRAFORM_GONE = 'Terraform stopped before this instance was worked on; the next deploy reconciles it';

/**
 * The Terraform process that started this handler: its parent, unless Terraform died before the
 * handler (slow to start on a loaded machine) read it, and the handler was re-parented to init or
 * a subreaper. Terraform runs local-exec in its own folder; the process that adopts an orphan
 * runs elsewhere (Linux: /proc; elsewhere init's pid 1 is what tells).
 */
function parentTerraform(): number | undefined {
  const parent = process.ppid;
  if (!fs.existsSync('/proc/self/cwd')) return parent === 1 ? undefined : parent;
  try {
    return fs.readlinkSync(`/proc/${parent}/cwd`) === fs.readlinkSync('/proc/self/cwd') ? parent : undefined;
  } catch (e) {
    // Not ours to read (another user's process cannot be our Terraform either), or gone.
    return (e as NodeJS.ErrnoException).code === 'EACCES' && parent !== 1 ? parent : undefined;
  }
}

async function connectOrStart(files: EngineFiles, terraformPid: number, options: ClientOptions): Promise<net.Socket> {
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let started: Started | undefined;
  for (let wait = 10; ; wait = Math.min(wait * 2, 200)) {
    const socket = await connect(files.socket);
    if (socket) return socket;
    const holder = lockHolder(files.lock);
    if (holder !== undefined && !isRunning(holder)) {
      // The engine died. An engine that wrote to its log never served: it will not do better
      // when restarted. One handler takes its files over; the others find them gone.
      const log = logTail(files);
      takeOverStale(files.lock, holder.text, [files.socket, files.log]);
      if (log !== '') throw new Error(`the deploy engine stopped: ${log}`);
      continue;
    }
    if (holder === undefined) {
      // An engine that left at once lost the lock to another, which has served and gone since.
      if (started?.exitCode === 0) started = undefined;
      if (started?.exitCode !== undefined) {
        // The engine this handler started failed before it took the lock.
        const log = logTail(files);
        fs.rmSync(files.log, { force: true });
        throw new Error(`the deploy engine stopped: ${log || `it exited with code ${started.exitCode}`}`);
      }
      // A handler outlives a killed Terraform: an engine started now would serve nobody.
      if (!isAlive(terraformPid)) throw new Error(TERRAFORM_GONE);
      started ??= startEngine(files, terraformPid, options);
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

/** An engine this handler started; `exitCode` once it ended. */
interface Started {
  exitCode?: number;
}

/**
 * Starts an engine for this apply. Handlers arriving together may each start one: the engine
 * that takes the lock serves, the others leave at once (src/engine/server.ts).
 */
function startEngine(files: EngineFiles, terraformPid: number, options: ClientOptions): Started {
  const started: Started = {};
  const log = fs.openSync(files.log, 'a', 0o600);
  try {
    // Detached: Ctrl-C at the terminal reaches Terraform and the handlers, never the engine, which
    // finishes the work Terraform waits for and stops by itself when Terraform is gone.
    const child = spawn(process.execPath, [options.enginePath, 'serve', files.socket, String(terraformPid)], {
      detached: true,
      stdio: ['ignore', log, log],
      env: options.env,
    });
    child.on('error', () => (started.exitCode = 1));
    child.on('exit', (code) => (started.exitCode = code ?? 1));
    child.unref();
  } finally {
    fs.closeSync(log);
  }
  return started;
}

/** The engine went away before this instance's verdict: fail the instance, and clean up after a killed engine. */
function engineLost(files: EngineFiles, options: ClientOptions): number {
  const holder = lockHolder(files.lock);
  const log = logTail(files);
  if (holder !== undefined && !isRunning(holder)) takeOverStale(files.lock, holder.text, [files.socket, files.log]);
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
