import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { FRANCHISE_ROSTER_MAPPING } from '../../../stacks/franchise-identity-stack';
import { automationEnv, runCdktf, synthOrThrow } from '../cdktf';
import { DOMO_DATASET_PREFIX } from '../../sources/dataset-location';
import { renderGroupTable, renderPolicyTables, renderUserTable } from '../user-table';
import { loadEmulatorPackage, type LocalService } from '../emulator-package';

export interface DemoOptions {
  readonly workdir: string;
  readonly seed: string;
  readonly roster: string;
  readonly training: string;
}

/**
 * The main job on the embedded default: start the local Domo SCIM service with sample users,
 * deploy the sample stack through the real cdktf and Terraform, print Domo's resulting state,
 * then prove convergence with a second plan that has no changes.
 */
export async function runDemo(options: DemoOptions): Promise<void> {
  const { startEmulator, loadSeedFile } = loadEmulatorPackage();
  const projectRoot = process.cwd();
  fs.rmSync(options.workdir, { recursive: true, force: true });
  fs.mkdirSync(options.workdir, { recursive: true });
  fs.writeFileSync(
    path.join(options.workdir, 'cdktf.json'),
    JSON.stringify({
      language: 'typescript',
      app: `node ${JSON.stringify(path.join(projectRoot, 'dist', 'main.js'))}`,
      sendCrashReports: 'false',
    }),
  );
  const token = newLocalToken();
  const emulator = await startEmulator({ port: 0, token, seed: loadSeedFile(options.seed) });
  try {
    const env = automationEnv({
      ...process.env,
      ...terraformCliConfig(options.workdir),
      DOMO_SCIM_URL: emulator.scimUrl,
      DOMO_SCIM_TOKEN: token,
      DOMO_IDENTITY_ROSTER: datasetLocation(options.roster),
      DOMO_IDENTITY_TRAINING: datasetLocation(options.training),
      ...localDatasetCredentials(emulator),
    });
    log(`Local Domo SCIM service on ${emulator.scimUrl}, seeded from ${options.seed}.`);
    printUsers('Before deploy', emulator);
    const echo = (t: string) => process.stderr.write(t);
    log('\n$ cdktf synth');
    await synthOrThrow({ cwd: options.workdir, env, echo }); // a bad --roster fails here with its message once (exit 2)
    log('\n$ cdktf deploy --auto-approve --skip-synth');
    const deploy = await runCdktf(['deploy', '--auto-approve', '--skip-synth'], { cwd: options.workdir, env, onOutput: echo });
    if (deploy.code !== 0) throw new Error(`cdktf deploy failed (exit ${deploy.code}); see the output above.`);
    printUsers('After deploy', emulator);
    log('\n$ cdktf plan');
    const plan = await runCdktf(['plan'], { cwd: options.workdir, env });
    const noChanges = /No changes\./.test(plan.output);
    process.stdout.write(`\nSecond plan: ${noChanges ? 'No changes. Domo matches the roster.' : 'CHANGES PENDING'}\n`);
    if (plan.code !== 0 || !noChanges) throw new Error(`the second plan was expected to show no changes:\n${plan.output}`);
    log(`Working directory (state, cdktf.out): ${options.workdir}`);
  } finally {
    await emulator.close();
  }
}

/** A file is resolved here, since cdktf runs the app in the work folder; a `domo-dataset:` location is kept. */
function datasetLocation(location: string): string {
  return location.startsWith(DOMO_DATASET_PREFIX) ? location : path.resolve(location);
}

/** `domo-dataset:` locations are read from the local service, with the first API client its seed has. */
function localDatasetCredentials(emulator: LocalService): NodeJS.ProcessEnv {
  const client = emulator.snapshot().apiClients?.[0];
  if (!client) return {};
  return { DOMO_API_HOST: new URL(emulator.scimUrl).origin, DOMO_CLIENT_ID: client.clientId, DOMO_CLIENT_SECRET: client.clientSecret };
}

/** The local service's throwaway token: 48 hex digits, a shape tests can search the demo's output for. */
export function newLocalToken(): string {
  return randomBytes(24).toString('hex');
}

/** A TF_CLI_CONFIG_FILE that points nowhere makes Terraform warn on every run: use an empty one. */
function terraformCliConfig(workdir: string): NodeJS.ProcessEnv {
  const configured = process.env.TF_CLI_CONFIG_FILE;
  if (configured === undefined || fs.existsSync(configured)) return {};
  const empty = path.join(workdir, 'terraform.rc');
  fs.writeFileSync(empty, '');
  return { TF_CLI_CONFIG_FILE: empty };
}

function printUsers(title: string, emulator: LocalService): void {
  const keys = [...Object.keys(FRANCHISE_ROSTER_MAPPING.attributes), 'trainingCertified'];
  const state = emulator.snapshot();
  process.stdout.write(`\n${title}: Domo users' roles and managed attributes\n${renderUserTable(state.users, keys)}\n`);
  process.stdout.write(`\n${title}: Domo directory groups\n${renderGroupTable(state)}\n`);
  for (const table of renderPolicyTables(state)) process.stdout.write(`\n${title}: ${table}\n`);
}

function log(text: string): void {
  process.stderr.write(`${text}\n`);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Deploy the sample stack to the local Domo SCIM service and show the result.')
    .option('--workdir <dir>', 'where the demo keeps its cdktf.out and state', '.demo')
    .option('--seed <file>', 'seed of the local SCIM service', 'data/sample-seed.json')
    .option(
      '--roster <location>',
      'the roster dataset: a CSV file, or domo-dataset:<id> served by the local service (the sample seed has 2f7a1c9e-roster)',
      'data/franchise-roster.csv',
    )
    .option('--training <location>', 'the training completions dataset: a CSV file or domo-dataset:<id>', 'data/training-completions.csv')
    .action(async (opts: { workdir: string; seed: string; roster: string; training: string }) => {
      await runDemo({ workdir: path.resolve(opts.workdir), seed: opts.seed, roster: opts.roster, training: opts.training });
    });
}
