import * as path from 'node:path';
import type { Command } from 'commander';
import { z } from 'zod';
import { automationEnv, runCdktf, synthOrThrow } from '../cdktf';
import { defaultStackDir, repairTargets, runDrift, summarizeDrift } from '../drift';
import { instanceAddresses, managedInstanceAddresses, replaceArgs } from '../managed-instances';
import { parseEnv, ScimTokenVariable } from '../../config/command-env';
import { exitCodesHelp } from '../exit-codes';

/** Which instances a deploy replaces beyond those whose data changed. */
export type RepairScope = 'drifted' | 'all' | 'none';

export interface DeployOptions {
  /** The cdktf project folder. */
  readonly dir: string;
  /** `drifted`: those where Domo differs (one listing); `all`: every instance; `none`: a plain `cdktf deploy`. */
  readonly repair: RepairScope;
  /** Only instances of constructs whose path contains this text. */
  readonly only?: string;
}

const TokenEnv = z.object({ DOMO_SCIM_TOKEN: ScimTokenVariable });

/**
 * `cdktf deploy` that also repairs what was changed by hand in Domo. A plain deploy runs handlers
 * only where the data changed, so a member added by hand stays. Replacing an instance runs its
 * create handler, which reconciles Domo to the desired state; its destroy handler sees every
 * identity still desired, so nothing is cleared or deleted on the way (DESIGN.md).
 * Synthesizes first, so an app that rejects its input fails with a ConfigError (exit 2) and its
 * message once. Returns the deploy's exit code (0 or 1).
 */
export async function runDeploy(options: DeployOptions, baseEnv: NodeJS.ProcessEnv = process.env): Promise<number> {
  const env = automationEnv(baseEnv);
  const echo = (t: string) => process.stderr.write(t);
  let addresses: string[] = [];
  await synthOrThrow({ cwd: options.dir, env, echo });
  if (options.repair !== 'none') {
    const stackDir = defaultStackDir(options.dir);
    addresses =
      options.repair === 'all' ? managedInstanceAddresses(stackDir, options.only) : await driftedAddresses(stackDir, env, options.only);
  }
  const deployEnv = addresses.length > 0 ? { ...env, TF_CLI_ARGS_apply: replaceArgs(addresses) } : env;
  // The addresses are of the synth just made: deploy exactly it (a second synth could read a live dataset anew).
  const deploy = await runCdktf(['deploy', '--auto-approve', '--skip-synth'], { cwd: options.dir, env: deployEnv, onOutput: echo });
  return deploy.code === 0 ? 0 : 1;
}

async function driftedAddresses(stackDir: string, env: NodeJS.ProcessEnv, only: string | undefined): Promise<string[]> {
  const { DOMO_SCIM_TOKEN } = parseEnv('deploy', TokenEnv, env);
  const { report, desired } = await runDrift({ stackDir, token: DOMO_SCIM_TOKEN });
  const targets = repairTargets(desired, report).filter((t) => !only || t.constructPath.includes(only));
  const addresses = instanceAddresses(stackDir, targets);
  process.stderr.write(`Drift check: ${summarizeDrift(report)}.\n`);
  if (addresses.length > 0)
    process.stderr.write(`Repairing ${addresses.length} instance(s) by replacing them:\n${addresses.map((a) => `  ${a}\n`).join('')}`);
  return addresses;
}

const DEPLOY_EXIT_CODES = exitCodesHelp({
  0: 'deployed',
  1: 'the deploy failed',
  2: 'usage, configuration or input error (also when the cdktf app exits 2: cdktf itself would exit 1)',
});

/** Adds `domo-identity deploy` and `domo-identity reconcile`. */
export function registerDeploy(program: Command): void {
  program
    .command('deploy')
    .description(
      'cdktf deploy --auto-approve that also repairs changes made by hand in Domo: a drift check (one listing) finds them, ' +
        'and the instances holding them are replaced so their handlers reconcile Domo.',
    )
    .option('--dir <dir>', 'the cdktf project folder', '.')
    .option('--only <text>', 'repair only constructs whose path contains this text')
    .option('--no-repair', 'a plain cdktf deploy: no drift check, nothing replaced')
    .addHelpText('after', `\nReads DOMO_SCIM_TOKEN (never printed).\n${DEPLOY_EXIT_CODES}`)
    .action(async (opts: { dir: string; only?: string; repair: boolean }) => {
      await deployOrThrow({ dir: path.resolve(opts.dir), only: opts.only, repair: opts.repair ? 'drifted' : 'none' });
    });
  program
    .command('reconcile')
    .description(
      "Deploy with every instance of this package's constructs replaced: every handler re-reads and reconciles its users and groups.",
    )
    .option('--dir <dir>', 'the cdktf project folder', '.')
    .option('--only <text>', 'only constructs whose path contains this text')
    .addHelpText('after', `\nReads DOMO_SCIM_TOKEN (never printed).\n${DEPLOY_EXIT_CODES}`)
    .action(async (opts: { dir: string; only?: string }) => {
      await deployOrThrow({ dir: path.resolve(opts.dir), only: opts.only, repair: 'all' });
    });
}

async function deployOrThrow(options: DeployOptions): Promise<void> {
  if ((await runDeploy(options)) !== 0) throw new Error('the deploy failed; see the output above');
}
