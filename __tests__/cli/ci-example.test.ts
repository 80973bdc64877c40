import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { registerDeploy } from '../../src/cli/commands/deploy';
import { registerDoctor } from '../../src/cli/commands/doctor';
import { registerDrift } from '../../src/cli/commands/drift';
import { registerPlan } from '../../src/cli/commands/plan';
import { registerPlanSummary } from '../../src/cli/commands/plan-summary';

const WORKFLOW = readFileSync(join(__dirname, '..', '..', 'examples', 'github-actions', 'domo-identity.yml'), 'utf8');

describe('the GitHub Actions example', () => {
  it('runs only commands and options the CLI has', () => {
    const program = new Command('domo-identity');
    for (const register of [registerDeploy, registerDoctor, registerDrift, registerPlan, registerPlanSummary]) register(program);
    const used = [...WORKFLOW.matchAll(/npx domo-identity ([\w-]+)((?: --[\w-]+)*)/g)].map((m) => ({
      command: m[1]!,
      options: m[2]!.trim().split(/\s+/).filter(Boolean),
    }));
    expect(used.map((u) => u.command).sort()).toEqual(['deploy', 'deploy', 'drift', 'plan']);
    for (const { command, options } of used) {
      const found = program.commands.find((c) => c.name() === command);
      expect(found).toBeDefined();
      for (const option of options) expect(found!.options.map((o) => o.long)).toContain(option);
    }
  });

  it('applies on main exactly the plan reviewed in the pull request, and only for the tree it was made from', () => {
    expect(WORKFLOW).toContain('npx domo-identity plan --out domo-identity.tfplan > plan-summary.md');
    expect(WORKFLOW).toContain('domo-identity.tfplan.repairs.json');
    expect(WORKFLOW).toContain(`git rev-parse 'HEAD^{tree}' > domo-identity.tree`);
    expect(WORKFLOW).toContain(`[ "$(cat domo-identity.tree)" != "$(git rev-parse 'HEAD^{tree}')" ]`);
    expect(WORKFLOW).toContain('npx domo-identity deploy --plan domo-identity.tfplan');
    expect(WORKFLOW).not.toContain('cdktf plan');
  });

  it('takes the token and client secret from the secret store, never from the file', () => {
    expect(WORKFLOW).toContain('DOMO_SCIM_TOKEN: ${{ secrets.DOMO_SCIM_TOKEN }}');
    expect(WORKFLOW).toContain('DOMO_CLIENT_SECRET: ${{ secrets.DOMO_CLIENT_SECRET }}');
    expect(WORKFLOW).not.toMatch(/DOMO_SCIM_TOKEN: (?!\$\{\{ secrets\.)/);
  });
});
