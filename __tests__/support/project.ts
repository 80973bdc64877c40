import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
import { startEmulator, type RunningEmulator, type Seed, type EmulatorOptions } from 'domo-scim-emulator';
import { automationEnv, runCdktf, type CdktfResult } from '../../src/cli/cdktf';
import { isAlive } from '../../src/engine/lock-file';
import { lockHolder } from '../../src/engine/rendezvous';

const ROOT = path.join(__dirname, '..', '..');
const run = promisify(execFile);

export interface ProjectOptions {
  readonly seed: Seed;
  /** The roster CSV of the sample stack. @default - none written */
  readonly roster?: string;
  /** The built cdktf app to run. @default - the sample app, dist/main.js */
  readonly app?: string;
  /** @default 'franchise-identity' */
  readonly stack?: string;
  readonly env?: Record<string, string>;
  readonly emulator?: Partial<Omit<EmulatorOptions, 'token' | 'seed'>>;
}

/**
 * A throwaway copy of the sample app: its own folder, state, Terraform CLI config and local SCIM
 * service, driven through the real cdktf CLI exactly as a user would.
 */
export class TestProject {
  static async create(options: ProjectOptions): Promise<TestProject> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-e2e-'));
    const token = `tok-${randomBytes(16).toString('hex')}`;
    const emulator = await startEmulator({ port: 0, token, seed: options.seed, ...options.emulator });
    return new TestProject(dir, token, emulator, options);
  }

  /**
   * A second project folder for the same app and the same local Domo service (and token), as a
   * second CI runner would have: its own cdktf.out, logs and run lock. Closing it leaves the service running.
   */
  sibling(): TestProject {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-e2e-'));
    const sibling = new TestProject(dir, this.token, this.emulator, { ...this.options, roster: undefined });
    if (fs.existsSync(this.rosterPath)) fs.copyFileSync(this.rosterPath, sibling.rosterPath);
    sibling.extraEnv = { ...this.extraEnv };
    sibling.ownsEmulator = false;
    return sibling;
  }

  private ownsEmulator = true;

  readonly rosterPath: string;
  readonly stack: string;
  extraEnv: Record<string, string>;
  /** The seed's first public-API client, for datasets and PDP policies (as the demo passes it). */
  readonly #apiClient: Record<string, string>;

  private constructor(
    readonly dir: string,
    readonly token: string,
    readonly emulator: RunningEmulator,
    private readonly options: ProjectOptions,
  ) {
    this.rosterPath = path.join(dir, 'roster.csv');
    this.stack = options.stack ?? 'franchise-identity';
    this.extraEnv = { ...options.env };
    const client = options.seed.apiClients?.[0];
    this.#apiClient = client
      ? { DOMO_API_HOST: emulator.url, DOMO_CLIENT_ID: client.clientId, DOMO_CLIENT_SECRET: client.clientSecret }
      : {};
    fs.writeFileSync(path.join(dir, 'terraform.rc'), '');
    const app = options.app ?? path.join(ROOT, 'dist', 'main.js');
    fs.writeFileSync(
      path.join(dir, 'cdktf.json'),
      JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(app)}`, sendCrashReports: 'false' }),
    );
    if (options.roster !== undefined) this.writeRoster(options.roster);
  }

  get stackDir(): string {
    return path.join(this.dir, 'cdktf.out', 'stacks', this.stack);
  }

  /** Writes a file into the project folder and returns its path. */
  writeFile(name: string, content: string): string {
    const file = path.join(this.dir, name);
    fs.writeFileSync(file, content);
    return file;
  }

  writeRoster(csv: string): void {
    fs.writeFileSync(this.rosterPath, csv);
  }

  env(): NodeJS.ProcessEnv {
    return automationEnv({
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      TF_CLI_CONFIG_FILE: path.join(this.dir, 'terraform.rc'),
      DOMO_SCIM_URL: this.emulator.scimUrl,
      DOMO_SCIM_TOKEN: this.token,
      DOMO_IDENTITY_ROSTER: this.rosterPath,
      DOMO_IDENTITY_TRAINING: path.join(ROOT, 'data', 'training-completions.csv'),
      DOMO_IDENTITY_SHARDS: '4',
      ...this.#apiClient,
      ...this.extraEnv,
    });
  }

  deploy(): Promise<CdktfResult> {
    return runCdktf(['deploy', '--auto-approve'], { cwd: this.dir, env: this.env() });
  }

  /** The built `domo-identity` CLI, run in the project folder as a user runs it (no shell). */
  cli(args: readonly string[], extraEnv: Record<string, string> = {}): Promise<CliResult> {
    return new Promise((resolve) => {
      const options = { cwd: this.dir, env: { ...this.env(), ...extraEnv }, maxBuffer: 64 * 1024 * 1024 };
      execFile(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], options, (err, stdout, stderr) => {
        resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr, output: `${stdout}${stderr}` });
      });
    });
  }

  /**
   * The built `domo-identity` CLI started in the project folder and left running, for tests that
   * signal it or run two at once; `done` settles when it exits.
   */
  startCli(args: readonly string[], extraEnv: Record<string, string> = {}): { child: ChildProcess; done: Promise<CliResult> } {
    const child = spawn(process.execPath, [path.join(ROOT, 'dist', 'src', 'cli', 'main.js'), ...args], {
      cwd: this.dir,
      env: { ...this.env(), ...extraEnv },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stderr!.on('data', (b: Buffer) => (stderr += b.toString('utf8')));
    const done = new Promise<CliResult>((resolve) => {
      child.on('close', (code, signal) => resolve({ code: code ?? (signal ? 128 : 1), stdout, stderr, output: `${stdout}${stderr}` }));
    });
    return { child, done };
  }

  /** The pids of Terraform processes running in this project's stack folder (Linux: /proc). */
  terraformPids(subcommand?: string): number[] {
    return this.stackProcesses((args) => path.basename(args[0] ?? '') === 'terraform' && (!subcommand || args.includes(subcommand)));
  }

  /** Processes whose working directory is the stack folder and whose argv passes `match` (Linux: /proc). */
  stackProcesses(match: (args: string[]) => boolean): number[] {
    const stackDir = fs.realpathSync.native(fs.existsSync(this.stackDir) ? this.stackDir : this.dir);
    const pids: number[] = [];
    for (const entry of fs.readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const args = fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
        if (match(args) && fs.readlinkSync(`/proc/${entry}/cwd`) === stackDir && isAlive(Number(entry))) pids.push(Number(entry));
      } catch {
        // Gone meanwhile, or not ours to read.
      }
    }
    return pids;
  }

  /** `domo-identity reconcile`: deploy and repair changes made by hand. */
  reconcile(): Promise<CliResult> {
    return this.cli(['reconcile']);
  }

  synth(): Promise<CdktfResult> {
    return runCdktf(['synth'], { cwd: this.dir, env: this.env() });
  }

  /** `cdktf plan`, plus Terraform's JSON rendering (`json`) of the plan file it leaves in the stack folder. */
  async plan(): Promise<CdktfResult & { changes: ResourceChange[]; json: string }> {
    const result = await runCdktf(['plan'], { cwd: this.dir, env: this.env() });
    if (result.code !== 0) return { ...result, changes: [], json: '' };
    const text = await this.showJson('plan');
    const json = JSON.parse(text) as { resource_changes?: ResourceChange[] };
    return {
      ...result,
      json: text,
      changes: (json.resource_changes ?? []).filter((c) => !(c.change.actions.length === 1 && c.change.actions[0] === 'no-op')),
    };
  }

  /** `terraform show -json` in the stack folder: the state, or with 'plan' the plan file `cdktf plan` left. */
  async showJson(...args: string[]): Promise<string> {
    const { stdout } = await run('terraform', ['show', '-json', ...args], {
      cwd: this.stackDir,
      env: this.env(),
      maxBuffer: 256 * 1024 * 1024,
    });
    return stdout;
  }

  /** Engine files (socket, lock, log) left in the stack folder. */
  engineFiles(): string[] {
    const dir = path.join(this.stackDir, 'domo-identity');
    return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.startsWith('.engine-')) : [];
  }

  /** The pids of this stack's engines: the pid each wrote into its lock, and any engine process running in the stack folder. */
  enginePids(): number[] {
    const dir = path.join(this.stackDir, 'domo-identity');
    const locked = this.engineFiles()
      .filter((f) => f.endsWith('.lock'))
      .map((f) => lockHolder(path.join(dir, f))?.pid)
      .filter((pid): pid is number => pid !== undefined && pid > 0);
    const running = this.stackProcesses((args) => args.includes('serve') && args.some((a) => a.endsWith('engine.js')));
    return [...new Set([...locked, ...running])];
  }

  /**
   * What is left of this stack's engines after an apply, without depending on timing: once
   * Terraform has exited, its handlers (which start engines, and outlive a killed Terraform) are
   * waited for, then every engine, by the pid it wrote, for its own exit. The bounds are far above
   * what either takes (an engine leaves within a second of Terraform) and only end a wait on one
   * that never comes. Returns the engines still running (`pid N`) and the engine files left.
   */
  async engineGone(boundMs = 60_000): Promise<string[]> {
    const until = async (what: () => number[]) => {
      for (const end = Date.now() + boundMs; what().length > 0 && Date.now() < end;) await new Promise((r) => setTimeout(r, 50));
      return what();
    };
    await until(() => this.terraformPids());
    await until(() => this.stackProcesses((args) => args.some((a) => a.endsWith('handler.js'))));
    const engines = this.enginePids();
    const running = await until(() => engines.filter(isAlive));
    return [...running.map((pid) => `pid ${pid}`), ...this.engineFiles()];
  }

  /** SIGKILLs this stack's `terraform <subcommand>` once it runs (as a crashed CI runner would); resolves to its pid. */
  async killTerraform(subcommand: string): Promise<number> {
    const [pid] = await pollFor(`terraform ${subcommand}`, () => {
      const pids = this.terraformPids(subcommand);
      return pids.length > 0 && pids;
    });
    process.kill(pid!, 'SIGKILL');
    return pid!;
  }

  /** The full log of a domo-identity run (the handlers' output too), from the path its first line names. */
  runLog(output: string): string {
    const file = /full log in (\S+)/.exec(output)?.[1];
    if (!file) throw new Error(`no log path in:\n${output}`);
    return fs.readFileSync(path.resolve(this.dir, file), 'utf8');
  }

  /** Every file under the project folder (state, cdktf.out, plan) as text, to search for secrets. */
  allFilesText(): string {
    const out: string[] = [];
    const walk = (d: string) => {
      for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, entry.name);
        if (entry.isDirectory()) walk(p);
        // A running engine's socket is not a file to read.
        else if (entry.isFile()) out.push(fs.readFileSync(p).toString('latin1'));
      }
    };
    walk(this.dir);
    return out.join('\n');
  }

  async close(): Promise<void> {
    if (this.ownsEmulator) await this.emulator.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout then stderr. */
  readonly output: string;
}

export interface ResourceChange {
  address: string;
  index?: string;
  change: {
    actions: string[];
    before: { triggers_replace?: Record<string, string> } | null;
    after: { triggers_replace?: Record<string, string> } | null;
  };
  action_reason?: string;
}

/**
 * Polls `check` until it returns a value (not undefined or false). It gives up when `ended`
 * settles first (the process it waits on exited without doing it), else after `attempts` polls
 * `everyMs` apart: by default nine minutes, so a slow machine is never a failure, only the
 * e2e time limit is.
 */
export async function pollFor<T>(
  what: string,
  check: () => T | undefined | false,
  { attempts = 10_800, everyMs = 50, ended }: { attempts?: number; everyMs?: number; ended?: Promise<unknown> } = {},
): Promise<T> {
  let over = false;
  void ended?.then(() => (over = true));
  for (let i = 0; i < attempts; i++) {
    const value = check();
    if (value !== undefined && value !== false) return value;
    if (over) throw new Error(`gave up waiting for ${what}: the process it waited on exited first`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`gave up waiting for ${what}`);
}

/**
 * A gate for the local service's `delay` faults (its injected sleep): while it is held, a delayed
 * request waits until the test opens it, so a deploy can be stopped in the middle of its apply for
 * as long as a test needs, with no timing involved. It starts open.
 */
/** The `cp <backup> <state>` a run prints when it refuses a state a killed apply left empty, if it did. */
export function stateRestoreCommand(stderr: string): string | undefined {
  return /^ {2}(cp \S+ \S+)$/m.exec(stderr)?.[1];
}

export class Gate {
  #held: Promise<void> | undefined;
  #release: () => void = () => {};
  /** For `emulator: { sleep }`. */
  readonly sleep = (): Promise<void> => this.#held ?? Promise.resolve();
  hold(): void {
    if (!this.#held) this.#held = new Promise<void>((resolve) => (this.#release = resolve));
  }
  open(): void {
    this.#held = undefined;
    this.#release();
  }
}

/** The trigger keys whose value differs between before and after, with both values. */
export function changedTriggers(change: ResourceChange): Array<{ key: string; before?: string; after?: string }> {
  const before = change.change.before?.triggers_replace ?? {};
  const after = change.change.after?.triggers_replace ?? {};
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  return [...keys]
    .filter((k) => before[k] !== after[k])
    .sort()
    .map((key) => ({ key, before: before[key], after: after[key] }));
}

/**
 * The lines of each `~ triggers_replace = {…}` block in a plan's text, as a reviewer reads them:
 * cdktf's stack-name prefix, indentation and Terraform's alignment padding removed (runs of spaces
 * become one, so values with double spaces do not compare exactly).
 */
export function planTriggerLines(output: string): string[][] {
  const blocks: string[][] = [];
  let block: string[] | undefined;
  for (const raw of output.split('\n')) {
    const line = raw
      .replace(/^\S*\s+/, '')
      .replace(/ +/g, ' ')
      .trim();
    if (/^~ triggers(_replace)? = \{$/.test(line)) block = [];
    else if (block && line === '}') {
      blocks.push(block);
      block = undefined;
    } else block?.push(line);
  }
  return blocks;
}
