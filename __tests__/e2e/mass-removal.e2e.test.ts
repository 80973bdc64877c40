import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestProject } from '../support/project';
import { MANAGED_KEYS, desiredFromRoster, isWrite, pick, sampleRoster, sampleSeed, userIn } from '../support/roster';

/**
 * The mass-removal guard through the real CLI, cdktf and Terraform against the local Domo service:
 * a roster truncated to half its rows is refused by `plan` and `deploy` (exit 4, nothing written),
 * and deployed when the run allows it with --allow-mass-removal.
 */
describe('the mass-removal guard end to end', () => {
  let project: TestProject;
  const outputs: string[] = [];
  const full = sampleRoster();
  const lines = full.trimEnd().split('\n');
  const kept = Math.ceil((lines.length - 1) / 2);
  const truncated = `${lines.slice(0, 1 + kept).join('\n')}\n`;
  const dropped = [...desiredFromRoster(full).keys()].filter((u) => !desiredFromRoster(truncated).has(u));
  const cli = async (args: string[]) => {
    const result = await project.cli(args);
    outputs.push(result.output);
    return result;
  };

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: full });
    const first = await project.deploy();
    outputs.push(first.output);
    if (first.code !== 0) throw new Error(first.output);
  });
  afterAll(async () => {
    await project?.close();
  });
  afterEach(() => {
    if (expect.getState().assertionCalls !== expect.getState().numPassingAsserts) process.stderr.write(outputs.join('\n'));
  });

  it('plan refuses a roster truncated to half its rows: exit 4 naming the counts, the construct and the users; nothing written, no plan kept', async () => {
    expect(dropped.length).toBeGreaterThan(5);
    project.writeRoster(truncated);
    project.emulator.resetRequests();
    const plan = await cli(['plan', '--out', 'truncated.tfplan']);
    expect(plan.code).toBe(4);
    const users = lines.length - 1;
    expect(plan.stderr).toContain(
      `franchise-identity/FranchiseAttributes clears the managed values of, deletes or removes from groups or policies ${dropped.length} of its ${users} users, more than its limit of 5`,
    );
    for (const userName of dropped.slice(0, 5)) expect(plan.stderr).toContain(userName);
    expect(plan.stderr).toContain('--allow-mass-removal');
    // The summary printed before the refusal shows the numbers.
    expect(plan.stdout).toContain(
      `\`franchise-identity/FranchiseAttributes\` ${dropped.length} of ${users} users (limit 5, **over the limit**)`,
    );
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    expect(fs.existsSync(path.join(project.dir, 'truncated.tfplan'))).toBe(false);
    expect(fs.existsSync(path.join(project.dir, 'truncated.tfplan.repairs.json'))).toBe(false);
  });

  it('deploy refuses it too, writing nothing; the dropped users keep their attributes', async () => {
    project.emulator.resetRequests();
    const deploy = await cli(['deploy']);
    expect(deploy.code).toBe(4);
    expect(deploy.stderr).toContain(`${dropped.length} of its ${lines.length - 1} users, more than its limit of 5`);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    const desired = desiredFromRoster(full);
    for (const userName of dropped)
      expect(pick(userIn(project.emulator.snapshot(), userName).customAttributes, MANAGED_KEYS)).toEqual(
        pick(desired.get(userName)!, MANAGED_KEYS),
      );
  });

  it('a plan made with --allow-mass-removal is applied by deploy --plan; the dropped users are cleared and a new plan has no changes', async () => {
    const plan = await cli(['plan', '--out', 'allowed.tfplan', '--allow-mass-removal']);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('**over the limit, allowed by `--allow-mass-removal`**');
    const applied = await cli(['deploy', '--plan', 'allowed.tfplan']);
    expect(applied.code).toBe(0);
    for (const userName of dropped)
      expect(pick(userIn(project.emulator.snapshot(), userName).customAttributes, MANAGED_KEYS)).toEqual(pick({}, MANAGED_KEYS));
    const again = await cli(['plan']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('deploy --allow-mass-removal deploys a truncation directly', async () => {
    project.writeRoster(full);
    expect((await cli(['deploy'])).code).toBe(0);
    project.writeRoster(truncated);
    const refusedAgain = await cli(['deploy']);
    expect(refusedAgain.code).toBe(4);
    const allowed = await cli(['deploy', '--allow-mass-removal']);
    expect(allowed.code).toBe(0);
    for (const userName of dropped)
      expect(pick(userIn(project.emulator.snapshot(), userName).customAttributes, MANAGED_KEYS)).toEqual(pick({}, MANAGED_KEYS));
  });
});
