import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerDeploy } from '../../src/cli/commands/deploy';
import { registerDoctor } from '../../src/cli/commands/doctor';
import { registerDrift } from '../../src/cli/commands/drift';
import { registerPlan } from '../../src/cli/commands/plan';
import { registerPlanSummary } from '../../src/cli/commands/plan-summary';

const ROOT = join(__dirname, '..', '..');
/** The workflow `domo-identity init` writes (the one workflow this package ships). */
const WORKFLOWS = [["init's workflow", join(ROOT, 'templates', 'init', 'dot-github', 'workflows', 'domo-identity.yml')]] as const;

describe.each(WORKFLOWS)('%s', (_name, file) => {
  const workflow = readFileSync(file, 'utf8');

  it('runs only commands and options the CLI has', () => {
    const program = new Command('domo-identity');
    for (const register of [registerDeploy, registerDoctor, registerDrift, registerPlan, registerPlanSummary]) register(program);
    const used = [...workflow.matchAll(/npx domo-identity ([\w-]+)((?: --[\w-]+)*)/g)].map((m) => ({
      command: m[1]!,
      options: m[2]!.trim().split(/\s+/).filter(Boolean),
    }));
    // In file order: the plan, deploy, drift and deploy-now jobs.
    expect(used.map((u) => u.command)).toEqual(['plan', 'deploy', 'drift', 'deploy']);
    const bin = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { bin: Record<string, string> }).bin;
    expect(Object.keys(bin)).toContain('domo-identity');
    for (const { command, options } of used) {
      const found = program.commands.find((c) => c.name() === command);
      expect(found).toBeDefined();
      for (const option of options) expect(found!.options.map((o) => o.long)).toContain(option);
    }
  });

  it('applies on main exactly the plan reviewed in the pull request, and only for the tree it was made from', () => {
    expect(workflow).toContain('npx domo-identity plan --out domo-identity.tfplan > plan-summary.md');
    expect(workflow).toContain('domo-identity.tfplan.repairs.json');
    expect(workflow).toContain(`git rev-parse 'HEAD^{tree}' > domo-identity.tree`);
    expect(workflow).toContain(`[ "$(cat domo-identity.tree)" != "$(git rev-parse 'HEAD^{tree}')" ]`);
    expect(workflow).toContain('npx domo-identity deploy --plan domo-identity.tfplan');
    expect(workflow).not.toContain('cdktf plan');
  });

  it('takes the token and client secret from the secret store, never from the file', () => {
    expect(workflow).toContain('DOMO_SCIM_TOKEN: ${{ secrets.DOMO_SCIM_TOKEN }}');
    expect(workflow).toContain('DOMO_CLIENT_SECRET: ${{ secrets.DOMO_CLIENT_SECRET }}');
    expect(workflow).not.toMatch(/DOMO_SCIM_TOKEN: (?!\$\{\{ secrets\.)/);
    expect(workflow).not.toMatch(/(SECRET|PASSWORD|TOKEN)[A-Z_]*: (?!\$\{\{ secrets\.)/);
  });

  it("relies on the plan's read-only preflight, and never writes to check access", () => {
    expect(workflow).toContain('npx domo-identity plan --out');
    expect(workflow).not.toContain('--write-check');
  });
});

describe("init's workflow", () => {
  const workflow = readFileSync(WORKFLOWS[0][1], 'utf8');

  it('installs with npm ci and refuses to plan or deploy without a shared state backend', () => {
    expect(workflow).not.toContain('npm install');
    expect(workflow.match(/- run: npm ci\n/g)).toHaveLength(4);
    expect(workflow.match(/test -n "\$DOMO_IDENTITY_STATE_BACKEND"/g)).toHaveLength(3);
  });

  it("passes the state backends' credentials from the secret store, and their settings from variables", () => {
    for (const secret of ['PG_CONN_STR', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN'])
      expect(workflow).toContain(`${secret}: \${{ secrets.${secret} }}`);
    for (const setting of ['BACKEND', 'BUCKET', 'REGION', 'KEY', 'DYNAMODB_TABLE', 'SCHEMA'])
      expect(workflow).toContain(`DOMO_IDENTITY_STATE_${setting}: \${{ vars.DOMO_IDENTITY_STATE_${setting} }}`);
  });

  it('lets a manual deploy pass --allow-empty-state, through the environment rather than into the script', () => {
    expect(workflow).toContain('ALLOW_EMPTY_STATE: ${{ inputs.allow_empty_state }}');
    expect(workflow).toContain('if [ "$ALLOW_EMPTY_STATE" = true ]; then set -- --allow-empty-state; fi');
    const program = new Command('domo-identity');
    registerDeploy(program);
    expect(program.commands.find((c) => c.name() === 'deploy')!.options.map((o) => o.long)).toContain('--allow-empty-state');
  });
});
