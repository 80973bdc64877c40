import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { Command } from 'commander';
import { ConfigError } from '../../errors';
import { applyCounts, automationEnv, CdktfLog, planHasNoChanges } from '../cdktf';
import { readManagedNames } from '../doctor/managed-names';
import { DOMO_DATASET_PREFIX } from '../../sources/dataset-location';
import { renderGroupTable, renderPolicyTables, renderUserTable } from '../user-table';
import { loadEmulatorPackage, type LocalService, type LocalServiceState } from '../emulator-package';
import { exitCodesHelp } from '../exit-codes';
import { renderStateChanges, stateChanges } from '../state-changes';

export interface DemoOptions {
  readonly workdir: string;
  readonly seed: string;
  readonly roster: string;
  readonly training: string;
  /** Stream cdktf's output to stderr as well as to the log file. @default false */
  readonly verbose?: boolean;
}

/** Where the results go (tables, summary); progress goes to `err`. */
export interface DemoStreams {
  readonly out: { write(text: string): unknown };
  readonly err: { write(text: string): unknown };
}

const PHASES = 4;

/**
 * The main job on the embedded default: start the local Domo SCIM service with sample users,
 * deploy the sample stack through the real cdktf and Terraform, print Domo's state before and
 * after with a summary of what changed, then prove convergence with a second plan that has no
 * changes. One progress line per phase on stderr; cdktf's own output goes to a log file.
 */
export async function runDemo(options: DemoOptions, streams: DemoStreams = { out: process.stdout, err: process.stderr }): Promise<void> {
  const { out, err } = streams;
  const sampleApp = path.join(process.cwd(), 'dist', 'main.js');
  if (!fs.existsSync(sampleApp)) {
    throw new ConfigError(
      `demo deploys the sample stack of the cdktf-domo-identity repository, built at ${sampleApp}, which is missing: ` +
        'run "npm ci && npm run demo" in a clone of the repository. For a project of your own, start with "domo-identity init".',
    );
  }
  const { startEmulator, loadSeedFile } = loadEmulatorPackage();
  fs.rmSync(options.workdir, { recursive: true, force: true });
  fs.mkdirSync(options.workdir, { recursive: true });
  fs.writeFileSync(
    path.join(options.workdir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(sampleApp)}`, sendCrashReports: 'false' }),
  );
  const log = new CdktfLog(path.join(options.workdir, 'cdktf.log'), { verbose: options.verbose, stream: err });
  const progress = phases(err);
  const token = newLocalToken();
  const started = Date.now();
  const emulator = await startEmulator({ port: 0, token, seed: loadSeedFile(options.seed) });
  try {
    const env = demoEnv(options, emulator, token);
    const before = emulator.snapshot();
    progress(`Local Domo service on ${emulator.scimUrl}: ${counts(before)}, from ${options.seed}`, started);
    err.write(`      cdktf's output: ${log.file}${options.verbose ? '' : ' (--verbose shows it here)'}\n`);
    const run: DemoRun = { options, out, log, env, emulator, progress };
    await deployAndCompare(run, before);
    await secondPlan(run);
    err.write(`Working directory (state, cdktf.out, cdktf.log): ${options.workdir}\n`);
  } finally {
    await emulator.close();
  }
}

/** What the demo's phases after the start of the local service share. */
interface DemoRun {
  readonly options: DemoOptions;
  readonly out: DemoStreams['out'];
  readonly log: CdktfLog;
  readonly env: NodeJS.ProcessEnv;
  readonly emulator: LocalService;
  readonly progress: (text: string, since: number) => void;
}

function demoEnv(options: DemoOptions, emulator: LocalService, token: string): NodeJS.ProcessEnv {
  return automationEnv({
    ...process.env,
    ...terraformCliConfig(options.workdir),
    DOMO_SCIM_URL: emulator.scimUrl,
    DOMO_SCIM_TOKEN: token,
    DOMO_IDENTITY_ROSTER: datasetLocation(options.roster),
    DOMO_IDENTITY_TRAINING: datasetLocation(options.training),
    ...localDatasetCredentials(emulator),
  });
}

/** Synth and deploy, printing Domo's state before and after and what the deploy changed. */
async function deployAndCompare(run: DemoRun, before: LocalServiceState): Promise<void> {
  const { options, out, log, env, emulator, progress } = run;
  let started = Date.now();
  await log.synth({ cwd: options.workdir, env }); // a bad --roster fails here with its message once (exit 2)
  const keys = tableKeys(readManagedNames(options.workdir).keys, before);
  progress(`cdktf synth: the sample stack, ${keys.length} managed attribute keys`, started);
  printState(out, 'Before deploy', before, keys);

  const firstRequest = emulator.requests.length;
  started = Date.now();
  const deploy = await log.run(['deploy', '--auto-approve', '--skip-synth'], { cwd: options.workdir, env });
  if (deploy.code !== 0)
    throw new Error(`cdktf deploy failed (exit ${deploy.code}). The end of its log:\n${log.tail()}\nAll of it: ${log.file}`);
  const applied = applyCounts(deploy.output);
  progress(
    `cdktf deploy: ${applied ? `${applied.added} added, ${applied.changed} changed, ${applied.destroyed} destroyed` : 'applied'}`,
    started,
  );
  const after = emulator.snapshot();
  printState(out, 'After deploy', after, keys);
  out.write(`\nWhat the deploy changed in Domo (the local service's state before and after, and its request log):\n`);
  out.write(`${renderStateChanges(stateChanges(before, after, emulator.requests.slice(firstRequest), keys))}\n`);
}

/** Convergence: a plan right after the deploy has no changes. */
async function secondPlan(run: DemoRun): Promise<void> {
  const { options, out, log, env, progress } = run;
  const started = Date.now();
  const plan = await log.run(['plan'], { cwd: options.workdir, env });
  const noChanges = plan.code === 0 && planHasNoChanges(plan.output);
  progress(`cdktf plan: ${noChanges ? 'no changes' : plan.code === 0 ? 'CHANGES PENDING' : `failed (exit ${plan.code})`}`, started);
  out.write(`\nSecond plan: ${noChanges ? 'No changes. Domo matches the roster.' : 'CHANGES PENDING'}\n`);
  if (!noChanges)
    throw new Error(`the second plan was expected to show no changes. The end of its log:\n${log.tail()}\nAll of it: ${log.file}`);
}

/** `[n/4] text (1.2 s)`, numbered in call order, timed from `since` (a Date.now()). */
function phases(err: DemoStreams['err']): (text: string, since: number) => void {
  let n = 0;
  return (text, since) => {
    n += 1;
    err.write(`[${n}/${PHASES}] ${text} (${((Date.now() - since) / 1000).toFixed(1)} s)\n`);
  };
}

function counts(state: LocalServiceState): string {
  const users = state.users.length;
  const groups = state.groups.length;
  return `${users} user${users === 1 ? '' : 's'}, ${groups} group${groups === 1 ? '' : 's'}`;
}

/** The managed keys, in the order the instance lists its attribute definitions, then any it does not define. */
export function tableKeys(managed: readonly string[], state: Pick<LocalServiceState, 'attributes'>): string[] {
  const catalog = (state.attributes ?? []).map((a) => a.key);
  return [...catalog.filter((k) => managed.includes(k)), ...managed.filter((k) => !catalog.includes(k))];
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

function printState(out: DemoStreams['out'], title: string, state: LocalServiceState, keys: readonly string[]): void {
  out.write(`\n${title}: Domo users' roles and managed attributes\n${renderUserTable(state.users, keys)}\n`);
  out.write(`\n${title}: Domo directory groups\n${renderGroupTable(state)}\n`);
  for (const table of renderPolicyTables(state)) out.write(`\n${title}: ${table}\n`);
}

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('Deploy the sample stack to the local Domo SCIM service and show the result.')
    .option('--workdir <dir>', 'where the demo keeps its cdktf.out, state and cdktf.log', '.demo')
    .option('--seed <file>', 'seed of the local SCIM service', 'data/sample-seed.json')
    .option(
      '--roster <location>',
      'the roster dataset: a CSV file, or domo-dataset:<id> served by the local service (the sample seed has 2f7a1c9e-roster)',
      'data/franchise-roster.csv',
    )
    .option('--training <location>', 'the training completions dataset: a CSV file or domo-dataset:<id>', 'data/training-completions.csv')
    .option('--verbose', "stream cdktf's output here as well as to <workdir>/cdktf.log")
    .addHelpText('after', exitCodesHelp('demo'))
    .action(async (opts: { workdir: string; seed: string; roster: string; training: string; verbose?: boolean }) => {
      await runDemo({ ...opts, workdir: path.resolve(opts.workdir), verbose: opts.verbose === true });
    });
}
