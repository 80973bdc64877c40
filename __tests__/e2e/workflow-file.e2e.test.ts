import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Postgres } from '../support/postgres';
import { TestProject } from '../support/project';
import { employee, isWrite, largeRoster, largeSeed, MANAGED_KEYS, pick } from '../support/roster';
import { readWorkflow, runJob, type JobResult, type RunContext, type WorkflowStep } from '../support/workflow';

const ROOT = path.join(__dirname, '..', '..');
const TEMPLATE = path.join(ROOT, 'templates', 'init');
const WORKFLOW = path.join(TEMPLATE, 'dot-github', 'workflows', 'domo-identity.yml');
const USERS = 40;

const git = (cwd: string, ...args: string[]) =>
  execFileSync('git', ['-c', 'user.name=CI', '-c', 'user.email=ci@example.invalid', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
  }).trim();

/**
 * The GitHub Actions workflow `domo-identity init` writes, parsed with a YAML parser and run job by
 * job as a runner would run it: the pull request's plan job in one checkout, its artifact handed to
 * the deploy job of main in another checkout (a git clone, so the tree check is real), the state in
 * PostgreSQL as the workflow requires, against the local Domo service. Only `uses:` actions are
 * done by the test (the artifact's files are copied), and `npm ci` is replaced by linking this
 * package's CLI into the checkout's node_modules/.bin, as npm would (init.e2e installs from the registry layout).
 */
describe('the generated workflow, run job by job', () => {
  const workflow = readWorkflow(WORKFLOW);
  let pg: Postgres;
  let a: TestProject;
  let b: TestProject;
  let artifact: string;
  /** The repository's Actions cache: what a deploy job saved, restored by later jobs. */
  let cache: string;
  let runs = 0;
  const outputs: string[] = [];

  /** A checkout of the project: a git repository, the template's .gitignore, the CLI installed. */
  const checkout = (project: TestProject, from?: TestProject) => {
    if (from) {
      git(project.dir, 'init', '-q');
      git(project.dir, 'fetch', '-q', from.dir, 'HEAD');
      git(project.dir, 'reset', '-q', '--hard', 'FETCH_HEAD');
    } else {
      fs.copyFileSync(path.join(TEMPLATE, 'dot-gitignore'), path.join(project.dir, '.gitignore'));
      git(project.dir, 'init', '-q');
      git(project.dir, 'add', '-A');
      git(project.dir, 'commit', '-q', '-m', 'identity as code');
    }
    const bin = path.join(project.dir, 'node_modules', '.bin');
    fs.mkdirSync(bin, { recursive: true });
    fs.symlinkSync(path.join(ROOT, 'bin', 'domo-identity.js'), path.join(bin, 'domo-identity'));
  };
  /** The repository's secrets and variables as the README asks for them; the machine's env is the project's own minus what the workflow sets. */
  const contextOf = (project: TestProject, inputs: Record<string, string> = {}): RunContext => {
    const env = project.env();
    const machine: Record<string, string | undefined> = { ...env };
    for (const key of Object.keys(workflow.env)) delete machine[key];
    return {
      secrets: {
        DOMO_SCIM_TOKEN: project.token,
        DOMO_CLIENT_ID: env.DOMO_CLIENT_ID ?? '',
        DOMO_CLIENT_SECRET: env.DOMO_CLIENT_SECRET ?? '',
        PG_CONN_STR: pg.connStr,
      },
      vars: { DOMO_SCIM_URL: project.emulator.scimUrl, DOMO_IDENTITY_STATE_BACKEND: 'pg' },
      inputs,
      github: { run_id: String(++runs), run_attempt: '1' },
      machine,
    };
  };
  /** actions/cache: restore copies the repository's cache into the checkout, save copies it back (true when the step was one of these). */
  const cacheStep = (step: WorkflowStep, dir: string) => {
    const kept = path.join(dir, String(step.with?.path));
    if (step.uses?.startsWith('actions/cache/restore')) {
      if (fs.existsSync(cache)) fs.cpSync(cache, kept, { recursive: true });
      return true;
    }
    if (step.uses?.startsWith('actions/cache/save')) {
      if (fs.existsSync(kept)) fs.cpSync(kept, cache, { recursive: true });
      return true;
    }
    return false;
  };
  const uploads = (step: WorkflowStep) =>
    String(step.with?.path ?? '')
      .split('\n')
      .map((p) => p.trim())
      .filter(Boolean);
  /** The plan job of a pull request in checkout `a`; its plan artifact is copied to `artifact`. */
  const planJob = async (project: TestProject = a) => {
    fs.rmSync(artifact, { recursive: true, force: true });
    fs.mkdirSync(artifact);
    const missing: string[] = [];
    const job = await runJob(workflow, 'plan', {
      cwd: project.dir,
      context: contextOf(project),
      action: (step) => {
        if (cacheStep(step, project.dir)) return;
        if (!step.uses?.startsWith('actions/upload-artifact') || step.with?.name !== 'domo-identity-plan') return;
        for (const file of uploads(step)) {
          if (fs.existsSync(path.join(project.dir, file))) fs.copyFileSync(path.join(project.dir, file), path.join(artifact, file));
          else missing.push(file);
        }
      },
    });
    outputs.push(...job.steps.map((s) => s.output));
    return { ...job, missing };
  };
  /** The deploy job of a push to main in checkout `b`, given the reviewed run's artifact. */
  const deployJob = async () => {
    const job = await runJob(workflow, 'deploy', {
      cwd: b.dir,
      context: contextOf(b),
      action: (step) => {
        if (cacheStep(step, b.dir)) return undefined;
        if (step.id === 'reviewed') return { run: '4242' };
        if (step.uses?.startsWith('actions/download-artifact') && step.with?.name === 'domo-identity-plan') {
          for (const file of fs.readdirSync(artifact)) fs.copyFileSync(path.join(artifact, file), path.join(b.dir, file));
        }
        return undefined;
      },
    });
    outputs.push(...job.steps.map((s) => s.output));
    return job;
  };
  const managedOf = (i: number) => pick(a.emulator.store.findUserByUserName(employee(i))!.customAttributes, MANAGED_KEYS);
  /** The job, or an error with every step's output when a step failed. */
  const passed = <T extends JobResult>(job: T): T => {
    if (job.failed === undefined) return job;
    throw new Error(`step "${job.failed}" failed:\n${job.steps.map((s) => `--- ${s.step} (exit ${s.code})\n${s.output}`).join('\n')}`);
  };
  const pull = () => git(b.dir, 'fetch', '-q', a.dir, 'HEAD') + git(b.dir, 'reset', '-q', '--hard', 'FETCH_HEAD');

  beforeAll(async () => {
    pg = await Postgres.start();
    a = await TestProject.create({ seed: largeSeed(USERS), roster: largeRoster(USERS) });
    a.extraEnv = { DOMO_IDENTITY_MANAGE_USERS: 'false' };
    checkout(a);
    b = a.sibling();
    checkout(b, a);
    artifact = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-artifact-'));
    cache = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-cache-')), 'deployed');
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await pg?.stop();
    if (artifact) fs.rmSync(artifact, { recursive: true, force: true });
    if (cache) fs.rmSync(path.dirname(cache), { recursive: true, force: true });
  });

  it('pull request: the plan job plans a new project with no flag; main: the deploy job in another checkout applies the artifact; the next plan has no changes', async () => {
    const planned = passed(await planJob());
    expect(planned.missing).toEqual([]);
    const summary = fs.readFileSync(path.join(artifact, 'plan-summary.md'), 'utf8');
    expect(summary).toContain('employee000005');
    expect(fs.readFileSync(path.join(artifact, 'domo-identity.tree'), 'utf8').trim()).toBe(git(a.dir, 'rev-parse', 'HEAD^{tree}'));
    // The plan job wrote nothing to Domo.
    expect(a.emulator.requests.filter(isWrite)).toEqual([]);
    // .gitignore keeps the saved plan, its record and the run logs out of a commit.
    expect(git(a.dir, 'status', '--porcelain', '--untracked-files=all')).toBe('');

    const deployed = passed(await deployJob());
    expect(deployed.steps.map((s) => s.step)).toContain('Apply exactly the reviewed plan');
    expect(deployed.summary).toBe(summary);
    // The deploy job kept the record of the deploy in the Actions cache.
    expect(fs.readdirSync(cache)).toEqual(['franchise-identity.json']);
    expect(managedOf(5).franchise).toEqual(['Sunbelt Tacos South']);

    passed(await planJob());
    expect(fs.readFileSync(path.join(artifact, 'plan-summary.md'), 'utf8')).toContain('No changes.');
  });

  it('main: a tree that was not planned is refused, nothing applied', async () => {
    a.writeRoster(largeRoster(USERS, (i) => i === 8));
    git(a.dir, 'commit', '-q', '-am', 'employee 8 left, merged without an up-to-date plan');
    pull();
    const writes = b.emulator.requests.length;
    const deployed = await deployJob();
    expect(deployed.failed).toBe('Apply exactly the reviewed plan');
    expect(deployed.steps.at(-1)!.output).toContain('No reviewed plan was made from exactly this tree');
    expect(b.emulator.requests.length).toBe(writes);
    expect(managedOf(8).franchise).toEqual(['Sunbelt Tacos North']);
  });

  it('schedule: the drift job passes in sync and fails on a change made by hand, with the report in the step summary', async () => {
    git(a.dir, 'reset', '-q', '--hard', 'HEAD~1');
    pull();
    const clean = passed(await runJob(workflow, 'drift', { cwd: b.dir, context: contextOf(b) }));
    expect(clean.steps.map((s) => s.step)).not.toContain('Fail on drift');

    const store = a.emulator.store;
    const user = store.findUserByUserName(employee(9))!;
    store.putUser({ ...user, customAttributes: { ...user.customAttributes, storeNumber: ['999'] } });
    const drifted = await runJob(workflow, 'drift', { cwd: b.dir, context: contextOf(b) });
    outputs.push(...drifted.steps.map((s) => s.output));
    expect(drifted.failed).toBe('Fail on drift');
    expect(drifted.summary).toContain('employee000009');
    expect(drifted.summary).toContain('999');

    // A check that fails (Domo unreachable) fails at the drift step itself, never reads as drift.
    const unreachable = { ...contextOf(b), vars: { ...contextOf(b).vars, DOMO_SCIM_URL: 'http://127.0.0.1:9/api/identity/v1/scim' } };
    const failed = await runJob(workflow, 'drift', { cwd: b.dir, context: unreachable });
    outputs.push(...failed.steps.map((s) => s.output));
    expect(failed.failed).toMatch(/^Drift /);
    expect(failed.code).toBe(1);
    expect(failed.steps.map((s) => s.step)).not.toContain('Fail on drift');
  });

  it('a lost state in CI: the plan job of a fresh checkout restores the deploy record and refuses, naming the evidence', async () => {
    // The state row Terraform's pg backend keeps, gone (a dropped table, a wrong database restored).
    expect(pg.query('WITH gone AS (DELETE FROM terraform_remote_state.states RETURNING 1) SELECT count(*) FROM gone')?.trim()).toBe('1');
    const c = a.sibling();
    try {
      checkout(c, a);
      const planned = await planJob(c);
      expect(planned.failed).toMatch(/^Plan /);
      const output = planned.steps.at(-1)!.output;
      expect(output).toContain("the state is lost: Terraform's state holds none of this stack's instances");
      expect(output).toContain('.domo-identity/deployed/franchise-identity.json records it');
      expect(output).toContain('Domo holds values the stack manages');
      expect(fs.existsSync(path.join(c.dir, 'domo-identity.tfplan'))).toBe(false);
    } finally {
      await c.close();
    }
  });

  it('never prints or stores the token', () => {
    expect(outputs.join('\n') + a.allFilesText() + b.allFilesText()).not.toContain(a.token);
  });
});
