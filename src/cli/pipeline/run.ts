import * as os from 'node:os';
import * as path from 'node:path';
import { automationEnv, CdktfLog } from '../cdktf';
import { Interrupts } from '../interrupts';
import { acquireRunLock, workDir, type RunLock } from '../run-lock';
import { withApplicationName } from './terraform-steps';

/** What every step of a `plan`, `deploy` or `drift` run shares. */
export interface RunContext {
  /** The cdktf project folder (holds cdktf.json). */
  readonly projectDir: string;
  /** The environment of cdktf and Terraform (automation settings added). */
  readonly env: NodeJS.ProcessEnv;
  /** cdktf's and Terraform's full output. */
  readonly log: CdktfLog;
  readonly progress: Progress;
  readonly interrupts: Interrupts;
  readonly lock: RunLock;
}

export interface RunOptions {
  readonly projectDir: string;
  /** `deploy`, `plan`, `drift`, …: names the log file and the lock's holder. */
  readonly command: string;
  /** Stream the full log to stderr as it is written. @default false */
  readonly verbose?: boolean;
  /** Wait this long for another run's lock. @default 0 */
  readonly lockTimeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Where progress lines go. @default process.stderr */
  readonly stream?: { write(text: string): unknown };
}

/**
 * Starts a run: its log file (`.domo-identity/logs/<command>-<time>.log`, path printed), Ctrl-C
 * handling, and the project folder's run lock, taken before anything else. `run` gets the
 * context; the lock and signal handlers are released however it ends.
 */
export async function withRun<T>(options: RunOptions, run: (ctx: RunContext) => Promise<T>): Promise<T> {
  const stream = options.stream ?? process.stderr;
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(workDir(options.projectDir), 'logs', `${options.command}-${stamp}-${process.pid}.log`);
  const log = new CdktfLog(file, { verbose: options.verbose, stream });
  const progress = new Progress(log, stream);
  progress.line(`domo-identity ${options.command}: full log in ${displayPath(file)}${options.verbose ? ' (also shown below)' : ''}`);
  const interrupts = new Interrupts((t) => stream.write(t)).install();
  try {
    const lock = await acquireRunLock(options.projectDir, {
      command: options.command,
      timeoutMs: options.lockTimeoutMs ?? 0,
      onWait: (holder) => progress.line(`waiting for the run lock, held by pid ${holder.pid} on ${holder.host} since ${holder.startedAt}`),
    });
    try {
      return await run({ projectDir: options.projectDir, env: runEnv(options), log, progress, interrupts, lock });
    } finally {
      lock.release();
    }
  } finally {
    interrupts.uninstall();
  }
}

/** The environment of cdktf and Terraform: automation settings, and the pg backend's connection named after this run. */
function runEnv(options: RunOptions): NodeJS.ProcessEnv {
  const env = automationEnv(options.env ?? process.env);
  if (!env.PG_CONN_STR) return env;
  return {
    ...env,
    PG_CONN_STR: withApplicationName(env.PG_CONN_STR, `domo-identity ${options.command} pid ${process.pid} on ${os.hostname()}`),
  };
}

/** A path relative to the working folder when it lies inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}

/** One short line per step on stderr (and in the log), with how long it took. */
export class Progress {
  constructor(
    readonly log: CdktfLog,
    private readonly stream: { write(text: string): unknown },
    private readonly now: () => number = Date.now,
  ) {}

  line(text: string): void {
    this.stream.write(`${text}\n`);
    this.log.write(`\n# ${text}\n`);
  }

  /** Runs a step: `✓ name: detail (1.2 s)` when it succeeds, `✗ name (1.2 s)` when it throws. */
  async step<T>(name: string, run: () => Promise<T>, detail?: (result: T) => string | undefined): Promise<T> {
    const started = this.now();
    this.log.write(`\n# ${name}\n`);
    const took = () => `${((this.now() - started) / 1000).toFixed(1)} s`;
    let result: T;
    try {
      result = await run();
    } catch (e) {
      this.line(`✗ ${name} (${took()})`);
      throw e;
    }
    const text = detail?.(result);
    this.line(`✓ ${name}${text ? `: ${text}` : ''} (${took()})`);
    return result;
  }
}
