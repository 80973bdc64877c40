import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';

export interface CdktfResult {
  readonly code: number;
  /** stdout and stderr interleaved, ANSI escapes removed. */
  readonly output: string;
}

export interface CdktfRunOptions {
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives output as it arrives (e.g. to stream it to the terminal). */
  readonly onOutput?: (text: string) => void;
}

/** The CLIs that run a cdktf project, in order of preference: CDK for Terraform's, then CDK Terrain's. */
const CLIS = [
  { pkg: 'cdktf-cli', bin: 'cdktf' },
  { pkg: 'cdktn-cli', bin: 'cdktn', minNodeMajor: 22 },
] as const;

/**
 * The entry script of the cdktf CLI to run for the project in `projectDir`: its own cdktf-cli
 * (else cdktn-cli), else one installed beside this package. Started with the current node.
 */
export function cdktfEntrypoint(projectDir?: string): string {
  const places = [...(projectDir === undefined ? [] : [projectDir]), __dirname];
  for (const from of places) {
    for (const cli of CLIS) {
      const pkg = packageJsonAbove(from, cli.pkg);
      if (pkg === undefined) continue;
      const major = Number(process.versions.node.split('.')[0]);
      if ('minNodeMajor' in cli && major < cli.minNodeMajor) {
        throw new ConfigError(
          `${cli.pkg} (found at ${path.dirname(pkg)}) needs Node.js >= ${cli.minNodeMajor}; this is ${process.version}.`,
        );
      }
      const bin = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { bin: Record<string, string> }).bin[cli.bin]!;
      return path.join(path.dirname(pkg), bin);
    }
  }
  throw new ConfigError('No cdktf CLI found: npm install --save-dev cdktf-cli (or cdktn-cli, CDK Terrain, on Node.js >= 22).');
}

/**
 * `node_modules/<name>/package.json` in `from` or the nearest folder above that has one, as Node
 * resolves packages; looked up on disk each time (require.resolve remembers its answers for the
 * life of the process, also after a package was removed).
 */
function packageJsonAbove(from: string, name: string): string | undefined {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', name, 'package.json');
    if (fs.existsSync(file)) return file;
    if (path.dirname(dir) === dir) return undefined;
  }
}

/**
 * Environment for Terraform runs that must not reach out: no update checks, automation output.
 * Credentials travel by inheritance: cdktf -> terraform -> local-exec -> handler.
 */
export function automationEnv(base: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return { ...base, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1', FORCE_COLOR: '0', NO_COLOR: '1' };
}

const ANSI = /\u001b\[[0-9;?]*[A-Za-z]/g;

/** Runs the real cdktf CLI (no shell: arguments are passed as a list). */
export function runCdktf(args: readonly string[], options: CdktfRunOptions): Promise<CdktfResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cdktfEntrypoint(options.cwd), ...args], {
      cwd: options.cwd,
      env: options.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const chunks: string[] = [];
    const collect = (buf: Buffer) => {
      const text = buf.toString('utf8').replace(ANSI, '');
      chunks.push(text);
      options.onOutput?.(text);
    };
    child.stdout.on('data', collect);
    child.stderr.on('data', collect);
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? 1, output: chunks.join('') }));
  });
}

/** A cdktf app that failed during synth: its exit code and what it wrote, as cdktf's summary reports them. */
export interface AppFailure {
  readonly exitCode: number;
  /** The app's stderr, then its stdout if it wrote any: each appears once. */
  readonly output: string;
}

const SYNTH_FAILED = 'cdktf encountered an error while synthesizing';

/**
 * Reads cdktf's report of an app that failed during synth. cdktf 0.21 exits 1 whatever the app's
 * exit code, and prints the app's stderr twice: once as it arrives (`[…] [ERROR] default - …`),
 * once in its summary (`Error: non-zero exit code 2`, `Command output on stderr:`, indented).
 * Undefined when the output holds no such report.
 */
export function appFailureOf(output: string): AppFailure | undefined {
  const start = output.lastIndexOf(SYNTH_FAILED);
  if (start === -1) return undefined;
  const summary = output.slice(start);
  const code = /\nError:\s+non-zero exit code (\d+)\n/.exec(summary);
  if (!code) return undefined;
  const sections = ['stderr', 'stdout'].map((stream) => indentedBlock(summary, `\nCommand output on ${stream}:\n`));
  return { exitCode: Number(code[1]), output: sections.filter((s) => s !== '').join('\n') };
}

/** The lines indented by four spaces (blank lines within) that follow `heading`, de-indented. */
function indentedBlock(text: string, heading: string): string {
  const at = text.indexOf(heading);
  if (at === -1) return '';
  const lines: string[] = [];
  for (const line of text.slice(at + heading.length).split('\n')) {
    if (line.startsWith('    ')) lines.push(line.slice(4));
    else if (line.trim() === '') lines.push('');
    else break;
  }
  return lines.join('\n').trim();
}

export interface SynthOptions extends CdktfRunOptions {
  /** Receives cdktf's output. */
  readonly echo: (text: string) => void;
  /** Receives what a failing app wrote (once). @default echo */
  readonly report?: (text: string) => void;
  /** Where a failed cdktf's output can be read, for the error message. @default 'the output above' */
  readonly outputAt?: string;
}

/**
 * `cdktf synth` in `cwd`; on success its output goes to `echo`. When the app fails, only what the
 * app wrote goes to `report` (once, not cdktf's two copies), and the error thrown carries the app's
 * verdict: a ConfigError (exit 2) when the app exited 2, meaning bad input or configuration.
 */
export async function synthOrThrow(options: SynthOptions): Promise<void> {
  const { echo, report = echo, outputAt = 'the output above', ...run } = options;
  const synth = await runCdktf(['synth'], run);
  if (synth.code === 0) {
    echo(synth.output);
    return;
  }
  const failure = appFailureOf(synth.output);
  if (!failure) {
    echo(synth.output);
    throw new Error(`cdktf synth failed (exit ${synth.code}); see ${outputAt}`);
  }
  report(`${failure.output}\n`);
  if (failure.exitCode === 2) throw new ConfigError('the cdktf app reported bad input or configuration (above); nothing was deployed');
  throw new Error(`the cdktf app failed during synth (exit ${failure.exitCode}); see its output above`);
}

/** Terraform's counts from `Apply complete! Resources: 3 added, 1 changed, 0 destroyed.`, when the output has them. */
export function applyCounts(output: string): { added: number; changed: number; destroyed: number } | undefined {
  const m = /Apply complete! Resources: (\d+) added, (\d+) changed, (\d+) destroyed\./.exec(output);
  return m ? { added: Number(m[1]), changed: Number(m[2]), destroyed: Number(m[3]) } : undefined;
}

/** Whether a `cdktf plan` found nothing to do. */
export function planHasNoChanges(output: string): boolean {
  return /No changes\./.test(output);
}

/**
 * cdktf run quietly: everything cdktf prints goes to a log file (and, with `verbose`, to `stream`
 * as it arrives), so a command can print a line per phase instead of cdktf's ~1,000 lines of
 * progress. Each run starts with a `$ cdktf …` line in the file.
 */
export class CdktfLog {
  private readonly stream: { write(text: string): unknown };

  constructor(
    /** The log file; created (emptied) now. */
    readonly file: string,
    private readonly options: { readonly verbose?: boolean; readonly stream?: { write(text: string): unknown } } = {},
  ) {
    this.stream = options.stream ?? process.stderr;
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, '');
  }

  /** Appends to the file, and streams when verbose. */
  readonly write = (text: string): void => {
    fs.appendFileSync(this.file, text);
    if (this.options.verbose) this.stream.write(text);
  };

  /** `cdktf <args>` with its output logged. */
  run(args: readonly string[], options: Omit<CdktfRunOptions, 'onOutput'>): Promise<CdktfResult> {
    this.write(`\n$ cdktf ${args.join(' ')}\n`);
    return runCdktf(args, { ...options, onOutput: this.write });
  }

  /** {@link synthOrThrow} with its output logged; a failing app's message still reaches `stream`. */
  synth(options: Omit<CdktfRunOptions, 'onOutput'>): Promise<void> {
    this.write('\n$ cdktf synth\n');
    const report = (text: string) => {
      this.write(text);
      if (!this.options.verbose) this.stream.write(text);
    };
    return synthOrThrow({ ...options, echo: this.write, report, outputAt: `its log, ${this.file}` });
  }

  /** The log's last `lines` lines that hold text, to show beside a failure. */
  tail(lines = 20): string {
    const all = fs.readFileSync(this.file, 'utf8').split('\n');
    return all
      .filter((line) => line.trim() !== '')
      .slice(-lines)
      .join('\n');
  }
}
