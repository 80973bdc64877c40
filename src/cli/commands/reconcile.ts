import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Command } from 'commander';
import { ConfigError } from '../../errors';
import { automationEnv, runCdktf } from '../cdktf';
import { managedInstanceAddresses, replaceArgs } from '../managed-instances';

export interface ReconcileOptions {
  readonly dir: string;
  /** Only instances of constructs whose path contains this text. */
  readonly only?: string;
}

/**
 * A deploy that also repairs what was changed by hand in Domo. A plain `cdktf deploy` runs
 * handlers only where the data changed; this one replaces every instance of this package's
 * constructs, so every handler reconciles Domo to the desired state. Removal handlers see every
 * identity still desired, so nothing is cleared or deleted on the way (no flapping).
 */
export async function runReconcile(options: ReconcileOptions): Promise<number> {
  const env = automationEnv(process.env);
  const echo = (t: string) => process.stderr.write(t);
  const synth = await runCdktf(['synth'], { cwd: options.dir, env, onOutput: echo });
  if (synth.code !== 0) throw new Error(`cdktf synth failed (exit ${synth.code})`);
  const stacksDir = path.join(options.dir, 'cdktf.out', 'stacks');
  const stacks = fs.readdirSync(stacksDir);
  if (stacks.length !== 1) throw new ConfigError(`reconcile works on a project with one stack; found ${stacks.join(', ')}.`);
  const addresses = managedInstanceAddresses(path.join(stacksDir, stacks[0]!), options.only);
  if (addresses.length === 0) {
    process.stderr.write('Nothing to reconcile: no instances of domo-identity constructs matched.\n');
    return 0;
  }
  process.stderr.write(`Reconciling ${addresses.length} instance(s) of domo-identity constructs.\n`);
  const deploy = await runCdktf(['deploy', '--auto-approve'], { cwd: options.dir, env: { ...env, TF_CLI_ARGS_apply: replaceArgs(addresses) }, onOutput: echo });
  return deploy.code === 0 ? 0 : 1;
}

export function registerReconcile(program: Command): void {
  program
    .command('reconcile')
    .description('Deploy and also repair changes made by hand in Domo (replaces every managed instance).')
    .option('--dir <dir>', 'the cdktf project folder', '.')
    .option('--only <text>', 'only constructs whose path contains this text')
    .action(async (opts: { dir: string; only?: string }) => {
      const code = await runReconcile({ dir: path.resolve(opts.dir), only: opts.only });
      if (code !== 0) throw new Error('the reconcile deploy failed; see the output above');
    });
}
