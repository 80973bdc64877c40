import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import type { RecordedRequest } from 'domo-scim-emulator';
import { Gate, pollFor, stateRestoreCommand, TestProject } from '../support/project';
import { editRow, employee, isWrite, largeRoster, largeSeed } from '../support/roster';
import { franchiseGroupName } from '../../stacks/franchise-identity-stack';

const USERS = 40;
/** The employees whose writes Domo refuses during the failing apply. */
const REFUSED = [3, 17, 28];
/** The employee whose write is in flight when Terraform is killed. */
const HELD = 22;
const run = promisify(execFile);

/**
 * After an apply that failed part-way, the next `domo-identity plan --out` shows every write the
 * re-run will make, old -> new from what Domo holds now, and `deploy --plan` makes exactly those
 * writes (issue 17 item 1), through the real cdktf CLI and Terraform against the local Domo service.
 */
describe('pending writes after a failed apply', () => {
  let project: TestProject;
  const gate = new Gate();
  const outputs: string[] = [];
  /** The roster with every employee's store number moved by `shift`. */
  const roster = (shift: number) => largeRoster(USERS).replace(/,(\d+),Region /g, (_, n: string) => `,${Number(n) + shift},Region `);
  const storeOf = (i: number) => project.emulator.store.findUserByUserName(employee(i))!.customAttributes.storeNumber;
  const idOf = (i: number) => project.emulator.store.findUserByUserName(employee(i))!.id;
  const userPatches = (requests: readonly RecordedRequest[]) =>
    requests
      .filter((r) => r.method === 'PATCH' && r.path.startsWith('/Users/'))
      .map((r) => r.path)
      .sort();
  const cli = async (args: string[]) => {
    const result = await project.cli(args);
    outputs.push(result.output);
    return result;
  };

  beforeAll(async () => {
    project = await TestProject.create({
      seed: largeSeed(USERS),
      roster: roster(0),
      env: { DOMO_IDENTITY_MANAGE_USERS: 'false' },
      emulator: { sleep: gate.sleep },
    });
    const first = await cli(['deploy']);
    if (first.code !== 0) throw new Error(first.output);
    expect(storeOf(3)).toEqual(['103']);
  });
  afterAll(async () => {
    gate.open();
    await project?.close();
  });

  it('a deploy whose writes Domo refuses for some users fails; the others are written', async () => {
    project.writeRoster(roster(1));
    for (const i of REFUSED)
      project.emulator.addFault({ method: 'PATCH', pathPattern: `^/Users/${idOf(i)}$`, kind: 'status', status: 400, times: 1000 });
    try {
      const failed = await cli(['deploy']);
      expect(failed.code).toBe(1);
      // The run's full log has every instance's output (the error block on stderr is clipped).
      const log = project.runLog(failed.output);
      for (const i of REFUSED) expect(log).toContain(`${employee(i)}: SCIM PATCH /Users/${idOf(i)} failed with 400`);
    } finally {
      project.emulator.clearFaults();
    }
    for (let i = 0; i < USERS; i++) expect(storeOf(i)).toEqual([String(100 + i + (REFUSED.includes(i) ? 0 : 1))]);
  });

  it('the next plan --out names every user and attribute the re-run will write, old -> new from Domo; deploy --plan writes exactly those', async () => {
    project.emulator.resetRequests();
    const plan = await cli(['plan', '--out', 'rerun.tfplan']);
    if (plan.code !== 0) throw new Error(plan.output);
    const summary = plan.stdout;
    expect(summary).toContain(`**Totals:** ${REFUSED.length} users changed, ${REFUSED.length} attributes changed, 0 users leaving`);
    for (const i of REFUSED) expect(summary).toContain(`| \`${employee(i)}\` | \`storeNumber\`: \`${100 + i}\` → \`${101 + i}\` |`);
    const listed = summary.match(/employee\d{6}@sunbeltfoods\.example/g) ?? [];
    expect([...new Set(listed)].sort()).toEqual(REFUSED.map(employee).sort());
    expect(summary).toContain('run again whole after a failed or interrupted apply: old values are what Domo holds now');
    expect(summary).not.toContain('re-run with no data change');
    expect(project.emulator.requests.filter((r) => r.method !== 'GET' && r.path !== '/oauth/token')).toEqual([]);

    project.emulator.resetRequests();
    const applied = await cli(['deploy', '--plan', 'rerun.tfplan']);
    if (applied.code !== 0) throw new Error(applied.output);
    expect(userPatches(project.emulator.requests)).toEqual(REFUSED.map((i) => `/Users/${idOf(i)}`).sort());
    for (let i = 0; i < USERS; i++) expect(storeOf(i)).toEqual([String(101 + i)]);
  });

  it('a second plan shows no changes', async () => {
    const plan = await cli(['plan', '--out', 'again.tfplan']);
    if (plan.code !== 0) throw new Error(plan.output);
    expect(plan.stdout).toContain('No changes.');
    expect(plan.stderr).toContain('No changes.');
  });

  it('after a SIGKILL of Terraform mid-apply, the next plan --out names exactly the users not yet written, and deploy --plan writes exactly those', async () => {
    project.writeRoster(roster(2));
    gate.hold();
    project.emulator.addFault({ method: 'PATCH', pathPattern: `^/Users/${idOf(HELD)}$`, kind: 'delay', ms: 1 });
    const deploy = project.startCli(['deploy']);
    await pollFor('the held write', () => project.emulator.requests.some((r) => r.path === `/Users/${idOf(HELD)}` && r.status === 0), {
      ended: deploy.done,
    });
    // Others are written meanwhile: the kill leaves Domo part-written.
    await pollFor(
      'another user written',
      () => project.emulator.requests.some((r) => r.method === 'PATCH' && r.path.startsWith('/Users/') && r.status === 200),
      { ended: deploy.done },
    );
    await project.killTerraform('apply');
    const killed = await deploy.done;
    outputs.push(killed.output);
    expect(killed.code).toBe(1);
    expect(await project.engineGone()).toEqual([]);
    project.emulator.clearFaults();
    // The held write stays unanswered (the gate opens at the end): Domo has what was written before the kill.
    const pending = Array.from({ length: USERS }, (_, i) => i).filter((i) => storeOf(i)?.[0] !== String(102 + i));
    expect(pending).toContain(HELD);
    expect(pending.length).toBeLessThan(USERS);

    project.emulator.resetRequests();
    let plan = await cli(['plan', '--out', 'killed.tfplan']);
    // A kill while Terraform wrote its state can leave it empty: restored as the refusal says.
    const restore = stateRestoreCommand(plan.stderr);
    if (plan.code === 1 && restore) {
      await run('sh', ['-c', restore], { cwd: project.dir });
      plan = await cli(['plan', '--out', 'killed.tfplan']);
    }
    if (plan.code !== 0) throw new Error(plan.output);
    const listed = [...new Set(plan.stdout.match(/employee\d{6}@sunbeltfoods\.example/g) ?? [])].sort();
    expect(listed).toEqual(pending.map(employee).sort());
    // Each one old -> new: under its construct when the state kept the old instance, under Repairs
    // (found by the drift check) when Terraform recorded the instance before its write finished.
    for (const i of pending) expect(plan.stdout).toContain(`| \`${employee(i)}\` | \`storeNumber\`: \`${101 + i}\` → \`${102 + i}\` |`);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);

    project.emulator.resetRequests();
    const applied = await cli(['deploy', '--plan', 'killed.tfplan']);
    if (applied.code !== 0) throw new Error(applied.output);
    expect(userPatches(project.emulator.requests)).toEqual(pending.map((i) => `/Users/${idOf(i)}`).sort());
    for (let i = 0; i < USERS; i++) expect(storeOf(i)).toEqual([String(102 + i)]);
    const again = await cli(['plan', '--out', 'again.tfplan']);
    if (again.code !== 0) throw new Error(again.output);
    expect(again.stdout).toContain('No changes.');
    gate.open();
  });

  it("a group write Domo refuses: the next plan shows the group's members joining, from Domo; deploy --plan writes only that group", async () => {
    const gulf = franchiseGroupName('Gulf Coast Grill');
    const groupId = project.emulator.store.findGroupByDisplayName(gulf)!.id;
    // Two employees of Sunbelt Tacos North move to Gulf Coast Grill (10 members before).
    let moved = roster(2);
    for (const i of [0, 4]) moved = editRow(moved, employee(i), 'franchise', 'Gulf Coast Grill');
    project.writeRoster(moved);
    project.emulator.addFault({ method: 'PATCH', pathPattern: `^/Groups/${groupId}$`, kind: 'status', status: 400, times: 1000 });
    try {
      const failed = await cli(['deploy']);
      expect(failed.code).toBe(1);
    } finally {
      project.emulator.clearFaults();
    }
    expect(project.emulator.store.findGroupByDisplayName(gulf)!.members).toHaveLength(10);

    const plan = await cli(['plan', '--out', 'group.tfplan']);
    if (plan.code !== 0) throw new Error(plan.output);
    expect(plan.stdout).toContain('0 users changed');
    expect(plan.stdout).toContain('groups: 0 created, 1 changed, 0 removed · members: 2 joining, 0 leaving');
    expect(plan.stdout).toContain(`**\`${gulf}\`** — changed, 10 → 12 members`);
    expect(plan.stdout).toContain(`Joining (2): \`${employee(0)}\`, \`${employee(4)}\``);
    expect(plan.stdout).toContain('run again whole after a failed or interrupted apply: old values are what Domo holds now');

    project.emulator.resetRequests();
    const applied = await cli(['deploy', '--plan', 'group.tfplan']);
    if (applied.code !== 0) throw new Error(applied.output);
    expect([...new Set(project.emulator.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`))]).toEqual([
      `PATCH /Groups/${groupId}`,
    ]);
    expect(project.emulator.store.findGroupByDisplayName(gulf)!.members).toHaveLength(12);
    const again = await cli(['plan', '--out', 'again.tfplan']);
    if (again.code !== 0) throw new Error(again.output);
    expect(again.stdout).toContain('No changes.');
  });

  it('never prints or stores the token', () => {
    expect(outputs.join('\n') + project.allFilesText()).not.toContain(project.token);
  });
});
