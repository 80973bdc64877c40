import { spawn } from 'node:child_process';
import * as path from 'node:path';

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

/** The cdktf CLI shipped with this package, started with the current node. */
export function cdktfEntrypoint(): string {
  const pkg = require.resolve('cdktf-cli/package.json');
  const bin = (require(pkg) as { bin: Record<string, string> }).bin.cdktf!;
  return path.join(path.dirname(pkg), bin);
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
    const child = spawn(process.execPath, [cdktfEntrypoint(), ...args], {
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
