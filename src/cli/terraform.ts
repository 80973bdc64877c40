import { spawn } from 'node:child_process';
import { ConfigError } from '../errors';
import { automationEnv } from './cdktf';
import type { Interrupts } from './interrupts';

/** The Terraform CLI: `$TERRAFORM_BINARY_NAME` (as cdktf names it) or `terraform` on the PATH. */
export function terraformBinary(env: NodeJS.ProcessEnv): string {
  return env['TERRAFORM_BINARY_NAME'] || 'terraform';
}

export interface TerraformResult {
  /** The exit code; null when a signal ended Terraform. */
  readonly code: number | null;
  /** The signal that ended Terraform (SIGKILL from outside, for instance). */
  readonly signal: NodeJS.Signals | null;
  /** stdout and stderr interleaved. */
  readonly output: string;
  /** stdout alone (for `show -json`). */
  readonly stdout: string;
}

export interface TerraformRunOptions {
  /** The stack folder. */
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Receives stdout and stderr as they arrive (the run's log). */
  readonly onOutput?: (text: string) => void;
  /** Keep stdout out of onOutput (it is JSON for the caller). */
  readonly quietStdout?: boolean;
  /** Passes Ctrl-C and SIGTERM on, so Terraform stops gracefully. */
  readonly interrupts?: Interrupts;
}

/**
 * Runs Terraform itself in the stack folder (no shell: arguments are a list), in its own process
 * group: a terminal's Ctrl-C reaches it only through {@link Interrupts}, once, so Terraform's
 * graceful stop is not turned into its immediate exit by a second copy of the same signal.
 * Credentials travel by inheritance as with cdktf: Terraform passes its environment to the handlers.
 */
export function runTerraform(args: readonly string[], options: TerraformRunOptions): Promise<TerraformResult> {
  const binary = terraformBinary(options.env);
  return new Promise((resolve, reject) => {
    const child = spawn(binary, args, {
      cwd: options.cwd,
      env: automationEnv(options.env),
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    const detach = options.interrupts?.attachTerraform(child);
    const all: string[] = [];
    const out: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => {
      out.push(b);
      if (options.quietStdout) return;
      const text = b.toString('utf8');
      all.push(text);
      options.onOutput?.(text);
    });
    child.stderr.on('data', (b: Buffer) => {
      const text = b.toString('utf8');
      all.push(text);
      options.onOutput?.(text);
    });
    child.on('error', (err: NodeJS.ErrnoException) => {
      detach?.();
      reject(
        err.code === 'ENOENT'
          ? new ConfigError(`${binary} was not found on the PATH: install Terraform (>= 1.4), or set TERRAFORM_BINARY_NAME.`)
          : err,
      );
    });
    child.on('close', (code, signal) => {
      detach?.();
      resolve({ code, signal, output: all.join(''), stdout: Buffer.concat(out).toString('utf8') });
    });
  });
}

/** `terraform show -json [file]` parsed; an error names the command and Terraform's message. */
export async function terraformShowJson(file: string | undefined, options: TerraformRunOptions): Promise<unknown> {
  const args = ['show', '-json', '-no-color', ...(file ? [file] : [])];
  const result = await runTerraform(args, { ...options, quietStdout: true });
  if (result.code !== 0) throw new Error(`terraform ${args.join(' ')} failed (${exitOf(result)}):\n${errorBlock(result.output)}`);
  try {
    return JSON.parse(result.stdout);
  } catch (e) {
    throw new Error(`terraform ${args.join(' ')} did not print JSON: ${(e as Error).message}`);
  }
}

/** `exit 1`, or `killed by SIGKILL`. */
export function exitOf(result: TerraformResult): string {
  return result.signal ? `killed by ${result.signal}` : `exit ${result.code}`;
}

/** Terraform's error blocks (from the first `Error:` on), to show beside a failure; the output's tail otherwise. */
export function errorBlock(output: string, maxLines = 40): string {
  const lines = output.replace(/\r/g, '').split('\n');
  const first = lines.findIndex((l) => /^(\u2577\s*)?(\u2502\s*)?Error:/.test(l.trim()) || l.startsWith('Error:'));
  const picked = (first >= 0 ? lines.slice(first) : lines.slice(-maxLines)).filter(
    (l, i, all) => l.trim() !== '' || all[i - 1]?.trim() !== '',
  );
  return picked.slice(0, maxLines).join('\n').trim();
}

/** `Plan: 2 to add, 0 to change, 2 to destroy.` or `No changes.`: the line of a plan's output that says what it does. */
export function planLine(output: string): string | undefined {
  return /^Plan: .*$/m.exec(output)?.[0] ?? (/No changes\./.test(output) ? 'No changes.' : undefined);
}

/** Terraform refused a saved plan because the state changed after it was made. */
export function isStalePlan(output: string): boolean {
  return /Saved plan is stale/.test(output);
}

/** Terraform could not take the state lock (another run holds it). */
export function isStateLockError(output: string): boolean {
  return /Error acquiring the state lock/.test(output);
}
