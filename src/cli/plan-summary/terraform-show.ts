import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../errors';
import { automationEnv } from '../cdktf';

/** The plan file `cdktf plan` leaves in the stack folder. */
export const PLAN_FILE = 'plan';

/** The only stack folder under `<projectDir>/cdktf.out/stacks`; a usage error when there is none or several. */
export function defaultStackDir(projectDir: string): string {
  const stacksDir = path.join(projectDir, 'cdktf.out', 'stacks');
  const stacks = fs.existsSync(stacksDir)
    ? fs
        .readdirSync(stacksDir, { withFileTypes: true })
        .filter((e) => e.isDirectory())
        .map((e) => e.name)
    : [];
  if (stacks.length === 0) throw new ConfigError(`no synthesized stack in ${stacksDir}: run \`cdktf plan\` first (or pass --stack-dir).`);
  if (stacks.length > 1) throw new ConfigError(`several stacks in ${stacksDir} (${stacks.join(', ')}): pass --stack-dir to choose one.`);
  return path.join(stacksDir, stacks[0]!);
}

/**
 * `terraform show -json plan` in the stack folder (no shell: arguments as a list), parsed.
 * The binary is `$TERRAFORM_BINARY_NAME` (as cdktf names it) or `terraform`.
 */
export function terraformShowPlan(stackDir: string, env: NodeJS.ProcessEnv = process.env): Promise<unknown> {
  if (!fs.existsSync(path.join(stackDir, PLAN_FILE))) {
    return Promise.reject(new ConfigError(`no plan file "${PLAN_FILE}" in ${stackDir}: run \`cdktf plan\` first.`));
  }
  const binary = env['TERRAFORM_BINARY_NAME'] || 'terraform';
  return new Promise((resolve, reject) => {
    const child = spawn(binary, ['show', '-json', PLAN_FILE], {
      cwd: stackDir,
      env: automationEnv(env),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => stdout.push(b));
    child.stderr.on('data', (b: Buffer) => stderr.push(b));
    child.on('error', (err: NodeJS.ErrnoException) => {
      reject(
        err.code === 'ENOENT' ? new ConfigError(`${binary} was not found on PATH: install Terraform, or set TERRAFORM_BINARY_NAME.`) : err,
      );
    });
    child.on('close', (code) => {
      if (code !== 0) {
        reject(
          new Error(
            `${binary} show -json ${PLAN_FILE} failed in ${stackDir} (exit ${code}):\n${Buffer.concat(stderr).toString('utf8').trim()}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(Buffer.concat(stdout).toString('utf8')));
      } catch (err) {
        reject(new Error(`${binary} show -json ${PLAN_FILE} did not print JSON: ${(err as Error).message}`));
      }
    });
  });
}
