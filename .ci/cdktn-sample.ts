/*
 * CI step (.ci/cdktn): the repository's sample stack (main.ts) synthesized and deployed with
 * CDK Terrain's CLI, `cdktn` (cdktn-cli), against the local Domo service, in scratch copies of the
 * built repository, once for each way a team switches (README, "CDK Terrain"):
 *  - cdktn: node_modules hold cdktn and NOT cdktf, so the library runs on cdktn (src/cdk.ts);
 *  - alias: "cdktf": "npm:cdktn@0.24.0", so code importing 'cdktf' runs on cdktn unchanged;
 *  - switch: deployed first with cdktf and cdktf-cli 0.21, which are then replaced by cdktn and
 *    cdktn-cli: the first cdktn plan on that state must have no changes (nothing is replaced).
 * Runs under Node >= 22 (cdktn-cli needs it); .ci/cdktn obtains Node 22 from the npm registry and
 * starts this file with it. Prints one line per step and a RESULT line; exits 1 when a step
 * fails, with the end of the CLI's log.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadSeedFile, startEmulator } from 'domo-scim-emulator';
import { applyCounts, automationEnv, CdktfLog, planHasNoChanges, runCdktf } from '../src/cli/cdktf';
import { packageRoot } from '../src/cli/package-info';
import { renderStateChanges, stateChanges } from '../src/cli/state-changes';
import { npm, npmInstall, repoVersion, scratchEnv, scratchFolder } from '../__tests__/support/scratch-project';

const ROOT = packageRoot();
/** CDK Terrain as tested here: cdktn 0.24 takes constructs >=10.6.0 <10.8.0, as cdktf 0.21 does. */
const CDKTN_VERSION = '0.24.0';
const TOKEN = 'cdktn-ci-token-8d2a';

/**
 * How a variant gets CDK Terrain's core, what node_modules/cdktn and node_modules/cdktf then hold
 * (cdktn-cli brings cdktn itself as its peer; never CDK for Terraform's cdktf), and for `switch`
 * what deploys first.
 */
interface VariantSpec {
  readonly install: string;
  readonly cores: readonly (string | undefined)[];
  readonly switchFrom?: readonly string[];
}

const VARIANTS: Record<string, VariantSpec> = {
  cdktn: { install: `cdktn@${CDKTN_VERSION}`, cores: [`cdktn@${CDKTN_VERSION}`, undefined] },
  alias: { install: `cdktf@npm:cdktn@${CDKTN_VERSION}`, cores: [`cdktn@${CDKTN_VERSION}`, `cdktn@${CDKTN_VERSION}`] },
  switch: {
    install: `cdktn@${CDKTN_VERSION}`,
    cores: [`cdktn@${CDKTN_VERSION}`, undefined],
    switchFrom: [`cdktf@${repoVersion('cdktf')}`, `cdktf-cli@${repoVersion('cdktf-cli')}`],
  },
};

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** The built app, library and handler, the sample data, and a package.json with this package's name (the handler is found by it). */
function copyRepository(to: string): void {
  for (const part of ['dist/main.js', 'dist/stacks', 'dist/src', 'dist/handler', 'data']) {
    fs.cpSync(path.join(ROOT, part), path.join(to, part), { recursive: true });
  }
  const { name, version, dependencies } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(to, 'package.json'), `${JSON.stringify({ name, version, private: true, dependencies }, null, 2)}\n`);
  const cdktfJson = { language: 'typescript', app: 'node dist/main.js', sendCrashReports: 'false' };
  fs.writeFileSync(path.join(to, 'cdktf.json'), JSON.stringify(cdktfJson));
}

/** `name@version` of what node_modules/<folder> holds (an alias shows the real package), or undefined. */
function installed(dir: string, folder: string): string | undefined {
  const file = path.join(dir, 'node_modules', folder, 'package.json');
  if (!fs.existsSync(file)) return undefined;
  const json = JSON.parse(fs.readFileSync(file, 'utf8')) as { name: string; version: string };
  return `${json.name}@${json.version}`;
}

function describeApply(output: string): string {
  const applied = applyCounts(output);
  return applied ? `${applied.added} added, ${applied.changed} changed, ${applied.destroyed} destroyed` : 'applied';
}

async function run(variant: string, spec: VariantSpec): Promise<boolean> {
  const say_ = (line: string) => say(`[${variant}] ${line}`);
  const dir = scratchFolder(`domo-identity-${variant}-`);
  const project = path.join(dir, 'sample');
  say_(`scratch copy of the built repository: ${project}`);
  copyRepository(project);
  const emulator = await startEmulator({ token: TOKEN, seed: loadSeedFile(path.join(project, 'data', 'sample-seed.json')) });
  const log = new CdktfLog(path.join(dir, 'cli.log'));
  const env = automationEnv(
    scratchEnv(dir, {
      DOMO_SCIM_URL: emulator.scimUrl,
      DOMO_SCIM_TOKEN: TOKEN,
      DOMO_IDENTITY_ROSTER: path.join(project, 'data', 'franchise-roster.csv'),
      DOMO_IDENTITY_TRAINING: path.join(project, 'data', 'training-completions.csv'),
      // The sample stack's PDP policies are written through the public API, with the seed's client.
      DOMO_API_HOST: emulator.url,
      DOMO_CLIENT_ID: 'sample-client',
      DOMO_CLIENT_SECRET: 'sample-secret',
    }),
  );
  const constructs = `constructs@${repoVersion('constructs')}`;
  try {
    const before = emulator.snapshot();
    if (spec.switchFrom) {
      await npmInstall(project, [...spec.switchFrom, constructs]);
      const deploy = await log.run(['deploy', '--auto-approve'], { cwd: project, env });
      if (deploy.code !== 0) throw new Error(`cdktf deploy failed (exit ${deploy.code}):\n${log.tail(30)}`);
      say_(`cdktf deploy (${spec.switchFrom.join(', ')}): ${describeApply(deploy.output)}`);
      await npm(['uninstall', '--prefer-offline', '--no-audit', '--no-fund', 'cdktf', 'cdktf-cli'], project);
    }
    await npmInstall(project, [spec.install, `cdktn-cli@${CDKTN_VERSION}`, constructs]);
    const folders = ['cdktn', 'cdktf', 'cdktn-cli', 'cdktf-cli', 'constructs'];
    say_(`node ${process.version}; ${folders.map((f) => `node_modules/${f}: ${installed(project, f) ?? '-'}`).join(', ')}`);
    const cores = [installed(project, 'cdktn'), installed(project, 'cdktf')];
    if (cores.join() !== spec.cores.join()) throw new Error(`node_modules/cdktn and node_modules/cdktf hold ${cores.join(', ')}`);
    say_(`cdktn --version: ${(await runCdktf(['--version'], { cwd: project, env })).output.trim()}`);

    await log.synth({ cwd: project, env });
    const stackDir = path.join(project, 'cdktf.out', 'stacks', 'franchise-identity');
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as {
      '//': { metadata: { version: string; stackName: string } };
      resource: { terraform_data: Record<string, unknown> };
    };
    const core = tf['//'].metadata.version;
    const blocks = Object.keys(tf.resource.terraform_data).length;
    say_(`cdktn synth: stack ${tf['//'].metadata.stackName}, ${blocks} resource blocks, written by CDK core ${core}`);
    if (core !== CDKTN_VERSION) throw new Error(`cdk.tf.json was written by core ${core}, not cdktn ${CDKTN_VERSION}`);

    if (!spec.switchFrom) {
      const deploy = await log.run(['deploy', '--auto-approve', '--skip-synth'], { cwd: project, env });
      if (deploy.code !== 0) throw new Error(`cdktn deploy failed (exit ${deploy.code}):\n${log.tail(30)}`);
      say_(`cdktn deploy: ${describeApply(deploy.output)}`);
    }
    say(renderStateChanges(stateChanges(before, emulator.snapshot(), emulator.requests)));

    const plan = await log.run(['plan'], { cwd: project, env });
    const clean = plan.code === 0 && planHasNoChanges(plan.output);
    const which = spec.switchFrom ? 'first, on the state cdktf deployed' : 'second';
    say_(`cdktn plan (${which}): ${clean ? 'No changes.' : `CHANGES PENDING or failed (exit ${plan.code}):\n${log.tail(30)}`}`);
    return clean;
  } finally {
    await emulator.close();
    if (process.env.KEEP_SCRATCH === '1') say_(`kept: ${dir} (the CLIs' output in cli.log)`);
    else fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function main(): Promise<boolean> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22) throw new Error(`run under Node.js >= 22 (cdktn-cli needs it); this is ${process.version}. .ci/cdktn obtains one.`);
  let ok = true;
  for (const [variant, spec] of Object.entries(VARIANTS)) ok = (await run(variant, spec)) && ok;
  return ok;
}

main().then(
  (ok) => {
    say(
      ok
        ? 'RESULT: ok: the sample stack deployed with cdktn (cdktn; cdktf aliased to cdktn; a cdktf deploy switched to cdktn), and no plan after a deploy has changes'
        : 'RESULT: FAILED',
    );
    process.exitCode = ok ? 0 : 1;
  },
  (err: unknown) => {
    say(`RESULT: FAILED: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
