import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerDeploy } from '../../src/cli/commands/deploy';
import { registerDoctor } from '../../src/cli/commands/doctor';
import { registerDrift } from '../../src/cli/commands/drift';
import { registerPlanSummary } from '../../src/cli/commands/plan-summary';

const ROOT = join(__dirname, '..', '..');
/** The repository's example, and the workflow `domo-identity init` writes. */
const WORKFLOWS = [
  ['the GitHub Actions example', join(ROOT, 'examples', 'github-actions', 'domo-identity.yml')],
  ["init's workflow", join(ROOT, 'templates', 'init', 'dot-github', 'workflows', 'domo-identity.yml')],
] as const;

describe.each(WORKFLOWS)('%s', (_name, file) => {
  const workflow = readFileSync(file, 'utf8');

  it('runs only commands and options the CLI has', () => {
    const program = new Command('domo-identity');
    for (const register of [registerDeploy, registerDoctor, registerDrift, registerPlanSummary]) register(program);
    const used = [...workflow.matchAll(/npx domo-identity ([\w-]+)((?: --[\w-]+)*)/g)].map((m) => ({
      command: m[1]!,
      options: m[2]!.trim().split(/\s+/).filter(Boolean),
    }));
    expect(used.map((u) => u.command).sort()).toEqual(['deploy', 'deploy', 'doctor', 'drift', 'plan-summary']);
    for (const { command, options } of used) {
      const found = program.commands.find((c) => c.name() === command);
      expect(found).toBeDefined();
      for (const option of options) expect(found!.options.map((o) => o.long)).toContain(option);
    }
  });

  it('takes the token and client secret from the secret store, never from the file', () => {
    expect(workflow).toContain('DOMO_SCIM_TOKEN: ${{ secrets.DOMO_SCIM_TOKEN }}');
    expect(workflow).toContain('DOMO_CLIENT_SECRET: ${{ secrets.DOMO_CLIENT_SECRET }}');
    expect(workflow).not.toMatch(/DOMO_SCIM_TOKEN: (?!\$\{\{ secrets\.)/);
    expect(workflow).not.toMatch(/(SECRET|PASSWORD|TOKEN)[A-Z_]*: (?!\$\{\{ secrets\.)/);
  });

  it('runs the doctor read-only before a plan', () => {
    expect(workflow).toMatch(/run: npx domo-identity doctor\n/);
    expect(workflow).not.toContain('--write-check');
  });
});

describe("init's workflow", () => {
  const workflow = readFileSync(WORKFLOWS[1][1], 'utf8');

  it('installs with npm ci and refuses to plan or deploy without a shared state backend', () => {
    expect(workflow).not.toContain('npm install');
    expect(workflow.match(/- run: npm ci\n/g)).toHaveLength(2);
    expect(workflow.match(/test -n "\$DOMO_IDENTITY_STATE_BACKEND"/g)).toHaveLength(2);
  });
});
