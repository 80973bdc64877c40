import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parse } from 'yaml';

/** One step of a GitHub Actions job, as the workflow file writes it. */
export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly run?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}

export interface WorkflowJob {
  readonly if?: string;
  readonly env?: Record<string, string>;
  readonly steps: readonly WorkflowStep[];
}

export interface Workflow {
  readonly env: Record<string, string>;
  readonly jobs: Record<string, WorkflowJob>;
}

/** What a job's run needs from its surroundings: the repository's secrets and variables, the dispatch inputs. */
export interface RunContext {
  readonly secrets: Record<string, string>;
  readonly vars: Record<string, string>;
  readonly inputs?: Record<string, string>;
  /** The run's `github` context values the workflow reads (run_id, run_attempt). */
  readonly github?: Record<string, string>;
  /** Environment the runner machine has besides the workflow's (PATH, HOME, the test's Terraform config). */
  readonly machine: Record<string, string | undefined>;
}

export interface StepResult {
  readonly step: string;
  readonly code: number;
  readonly output: string;
}

export interface JobResult {
  /** 0 when every step that ran passed, else the first failing step's code. */
  readonly code: number;
  readonly steps: readonly StepResult[];
  /** What the job wrote to $GITHUB_STEP_SUMMARY. */
  readonly summary: string;
  readonly failed?: string;
}

export function readWorkflow(file: string): Workflow {
  const doc = parse(fs.readFileSync(file, 'utf8')) as Partial<Workflow>;
  if (!doc.jobs) throw new Error(`${file}: no jobs`);
  return { env: doc.env ?? {}, jobs: doc.jobs };
}

/** A step's label as the Actions log shows it. */
export const stepLabel = (s: WorkflowStep): string => s.name ?? s.run?.split('\n')[0] ?? s.uses ?? '(step)';

/**
 * `${{ … }}` in a value: the few forms the workflow uses. Anything else throws, so a new expression
 * is never silently read as empty.
 */
function expression(text: string, context: RunContext, outputs: Record<string, Record<string, string>>): string {
  return text.replace(/\$\{\{\s*([^}]+?)\s*\}\}/g, (_, expr: string) => {
    const [scope, name, field, key] = expr.split('.');
    if (scope === 'secrets' && name) return context.secrets[name] ?? '';
    if (scope === 'vars' && name) return context.vars[name] ?? '';
    if (scope === 'inputs' && name) return context.inputs?.[name] ?? '';
    if (scope === 'github' && name && context.github?.[name] !== undefined) return context.github[name];
    if (scope === 'steps' && name && field === 'outputs' && key) return outputs[name]?.[key] ?? '';
    throw new Error(`the workflow runner does not know the expression \${{ ${expr} }}`);
  });
}

/** A step's `if:`, for the forms the workflow uses; anything else throws. */
function condition(
  text: string | undefined,
  failed: boolean,
  context: RunContext,
  outputs: Record<string, Record<string, string>>,
): boolean {
  if (text === undefined) return !failed;
  if (text === 'always()') return true;
  const compared = /^(steps\.\S+)\s*(==|!=)\s*'([^']*)'$/.exec(text.trim());
  if (!compared) throw new Error(`the workflow runner does not know the condition ${text}`);
  const value = expression(`\${{ ${compared[1]} }}`, context, outputs);
  return !failed && (compared[2] === '==' ? value === compared[3] : value !== compared[3]);
}

/** `KEY=value` lines a step appended to $GITHUB_OUTPUT. */
function readOutputs(file: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) outputs[line.slice(0, at)] = line.slice(at + 1);
  }
  return outputs;
}

/**
 * Runs a job's `run:` steps in `cwd` with bash, as a GitHub-hosted runner does (`bash -e {0}`), with
 * the workflow's, job's and step's env and the runner's GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files.
 * `uses:` steps are handed to `action` (the test does what the action would do, or nothing, and may
 * give the step's outputs), and
 * `npm ci` is left out: the checkout's node_modules is installed by the test.
 */
export async function runJob(
  workflow: Workflow,
  name: string,
  options: { cwd: string; context: RunContext; action?: (step: WorkflowStep) => Record<string, string> | void },
): Promise<JobResult> {
  const job = workflow.jobs[name];
  if (!job) throw new Error(`the workflow has no job ${name}`);
  const temp = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-job-'));
  const summaryFile = path.join(temp, 'summary');
  fs.writeFileSync(summaryFile, '');
  const outputs: Record<string, Record<string, string>> = {};
  const steps: StepResult[] = [];
  let failed: StepResult | undefined;
  try {
    for (const step of job.steps) {
      if (!condition(step.if, failed !== undefined, options.context, outputs)) continue;
      if (step.uses !== undefined) {
        const given = options.action?.(step);
        if (step.id !== undefined && given) outputs[step.id] = given;
        continue;
      }
      if (step.run === undefined || step.run.trim() === 'npm ci') continue;
      const outputFile = path.join(temp, `output-${steps.length}`);
      fs.writeFileSync(outputFile, '');
      const env: Record<string, string> = {};
      for (const [k, v] of Object.entries(options.context.machine)) if (v !== undefined) env[k] = v;
      for (const scope of [workflow.env, job.env ?? {}, step.env ?? {}]) {
        for (const [k, v] of Object.entries(scope)) env[k] = expression(String(v), options.context, outputs);
      }
      Object.assign(env, { CI: 'true', GITHUB_ACTIONS: 'true', GITHUB_OUTPUT: outputFile, GITHUB_STEP_SUMMARY: summaryFile });
      const script = expression(step.run, options.context, outputs);
      const ran = { step: stepLabel(step), ...(await bash(script, { cwd: options.cwd, env })) };
      steps.push(ran);
      if (step.id !== undefined) outputs[step.id] = readOutputs(outputFile);
      if (ran.code !== 0 && !failed) failed = ran;
    }
    return {
      code: failed?.code ?? 0,
      steps,
      summary: fs.readFileSync(summaryFile, 'utf8'),
      ...(failed ? { failed: failed.step } : {}),
    };
  } finally {
    fs.rmSync(temp, { recursive: true, force: true });
  }
}

/** Runs a script without blocking the event loop: the local Domo service answers from this process. */
function bash(script: string, options: { cwd: string; env: Record<string, string> }): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], {
      ...options,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (output += b.toString('utf8')));
    child.on('close', (code) => resolve({ code: code ?? 1, output }));
  });
}
