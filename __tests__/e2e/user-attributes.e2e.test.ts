import { TestProject, changedTriggers } from '../support/project';
import { MANAGED_KEYS, desiredFromRoster, editRow, isWrite, pick, removeRow, sampleRoster, sampleSeed, userIn } from '../support/roster';
import { attributesNamedIn } from '../support/write-bodies';
import { Sharding } from '../../src';
import type { RecordedRequest } from 'domo-scim-emulator';

/**
 * DomoUserAttributes through the real cdktf CLI and Terraform, against the local Domo SCIM
 * service. The steps build on each other like a team's history of pull requests.
 */
describe('DomoUserAttributes end to end', () => {
  let project: TestProject;
  let roster = sampleRoster();
  const outputs: string[] = [];
  /** Every PATCH and PUT of a user sent by any deploy of these steps. */
  const userWrites: RecordedRequest[] = [];

  const snapshot = () => project.emulator.snapshot();
  const managedOf = (userName: string) => pick(userIn(snapshot(), userName).customAttributes, MANAGED_KEYS);

  async function deploy(expectOk = true) {
    project.writeRoster(roster);
    const from = project.emulator.requests.length;
    const result = await project.deploy();
    outputs.push(result.output);
    userWrites.push(
      ...project.emulator.requests.slice(from).filter((r) => ['PATCH', 'PUT'].includes(r.method) && r.path.startsWith('/Users')),
    );
    if (expectOk && result.code !== 0) throw new Error(`deploy failed:\n${result.output}`);
    return result;
  }

  async function expectNoChanges() {
    const plan = await project.plan();
    outputs.push(plan.output, plan.json);
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
    expect(plan.output).toContain('No changes.');
  }

  function expectDomoMatchesRoster(except: readonly string[] = []) {
    for (const [userName, attributes] of desiredFromRoster(roster)) {
      if (except.includes(userName)) continue;
      expect({ userName, ...managedOf(userName) }).toEqual({ userName, ...pick(attributes, MANAGED_KEYS) });
    }
  }

  beforeAll(async () => {
    // Users are not managed here, so a dataset user missing in Domo stays missing (DomoUsers would create them).
    project = await TestProject.create({ seed: sampleSeed(), roster, env: { DOMO_IDENTITY_MANAGE_USERS: 'false' } });
  });
  afterAll(async () => {
    await project?.close();
  });

  it('deploys the roster: managed attributes equal the dataset, nothing else changes, a second plan is empty', async () => {
    const before = snapshot();
    await deploy();
    expectDomoMatchesRoster();
    for (const user of snapshot().users) {
      const was = before.users.find((u) => u.id === user.id)!;
      const unmanaged = Object.keys({ ...was.customAttributes, ...user.customAttributes }).filter((k) => !MANAGED_KEYS.includes(k));
      expect(pick(user.customAttributes, unmanaged)).toEqual(pick(was.customAttributes, unmanaged));
    }
    // The seed carries IdP-only and grant-only keys on some users: they must have survived.
    const unmanagedKeysInSeed = new Set(
      before.users.flatMap((u) => Object.keys(u.customAttributes)).filter((k) => !MANAGED_KEYS.includes(k)),
    );
    expect(unmanagedKeysInSeed.size).toBeGreaterThan(0);
    await expectNoChanges();
  });

  it('one changed attribute is one named line in the plan and one PATCH for that user only', async () => {
    roster = editRow(roster, 'james.chen@sunbeltfoods.example', 'store_number', '110');
    project.writeRoster(roster);
    const plan = await project.plan();
    outputs.push(plan.output);
    expect(plan.changes).toHaveLength(1);
    expect(changedTriggers(plan.changes[0]!)).toEqual([
      { key: 'james.chen@sunbeltfoods.example/storeNumber', before: '102', after: '110' },
    ]);
    expect(plan.output).toMatch(/~ "james\.chen@sunbeltfoods\.example\/storeNumber" += "102" -> "110"/);
    expect(plan.output).toMatch(/# \(\d+ unchanged attributes hidden\)/);

    project.emulator.resetRequests();
    await deploy();
    const james = userIn(snapshot(), 'james.chen@sunbeltfoods.example');
    const writes = project.emulator.requests.filter(isWrite);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /Users/${james.id}`]);
    expect(managedOf(james.userName).storeNumber).toEqual(['110']);
    await expectNoChanges();
  });

  it("removing a user from the dataset clears exactly that user's managed attributes", async () => {
    const tom = userIn(snapshot(), 'tom.becker@sunbeltfoods.example');
    roster = removeRow(roster, tom.userName);
    project.emulator.resetRequests();
    await deploy();
    expect(managedOf(tom.userName)).toEqual(pick({}, MANAGED_KEYS));
    const after = userIn(snapshot(), tom.userName);
    const unmanaged = Object.keys(tom.customAttributes).filter((k) => !MANAGED_KEYS.includes(k));
    expect(pick(after.customAttributes, unmanaged)).toEqual(pick(tom.customAttributes, unmanaged));
    const userWrites = project.emulator.requests.filter((r) => isWrite(r) && r.path.startsWith('/Users'));
    expect(new Set(userWrites.map((r) => r.path))).toEqual(new Set([`/Users/${tom.id}`]));
    expectDomoMatchesRoster();
    await expectNoChanges();
  });

  it('a dataset user missing in Domo fails the deploy by name, everyone else (in its shard too) is reconciled, and it converges once the user exists', async () => {
    const newHire = 'new.hire@sunbeltfoods.example';
    roster = `${roster.trimEnd()}\n${newHire},New Hire,Gulf Coast Grill,305,Gulf Coast,[FS-101],50,Kitchen,Participant\n`;
    // The stack's own sharding decides who shares the new hire's Terraform instance.
    const sharding = Sharding.hashBuckets(Number(project.env().DOMO_IDENTITY_SHARDS));
    const shardOf = (userName: string) => sharding.shardOf({ userName, attributes: {} });
    const others = [...desiredFromRoster(roster).keys()].filter((u) => u !== newHire).sort();
    const sameShard = others.find((u) => shardOf(u) === shardOf(newHire));
    const otherShard = others.find((u) => shardOf(u) !== shardOf(newHire));
    if (!sameShard || !otherShard) throw new Error(`the roster needs users in and outside shard ${shardOf(newHire)}`);
    roster = editRow(roster, sameShard, 'region', 'Texas Hill Country');
    roster = editRow(roster, otherShard, 'region', 'Big Bend');

    const failed = await deploy(false);
    expect(failed.code).not.toBe(0);
    const failedShards = new Set([...failed.output.matchAll(/FranchiseAttributes shard "([^"]*)": \d+ failed/g)].map((m) => m[1]));
    expect(failedShards).toEqual(new Set([shardOf(newHire)]));
    expect(failed.output).toContain(
      `FranchiseAttributes shard "${shardOf(newHire)}": 1 failed (the shard is reconciled again on the next deploy)`,
    );
    expect(failed.output).toContain(`${newHire}: not found in Domo`);
    expect(managedOf(sameShard).region).toEqual(['Texas Hill Country']);
    expect(managedOf(otherShard).region).toEqual(['Big Bend']);
    expectDomoMatchesRoster([newHire]);
    expect(snapshot().users.some((u) => u.userName === newHire)).toBe(false);

    const res = await fetch(`${project.emulator.url}/_emulator/users/${newHire}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${project.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userName: newHire, displayName: 'New Hire' }),
    });
    expect(res.ok).toBe(true);
    await deploy();
    expectDomoMatchesRoster();
    await expectNoChanges();
  });

  it('template-looking values reach Domo literally', async () => {
    roster = editRow(roster, 'priya.nair@sunbeltfoods.example', 'region', '${file("/etc/hostname")}');
    roster = editRow(roster, 'noah.kim@sunbeltfoods.example', 'training_completed', '[%{ if true }x%{ endif }, $${y}]');
    await deploy();
    expect(managedOf('priya.nair@sunbeltfoods.example').region).toEqual(['${file("/etc/hostname")}']);
    expect(managedOf('noah.kim@sunbeltfoods.example').trainingCompleted).toEqual(['$${y}', '%{ if true }x%{ endif }']);
    await expectNoChanges();
  });

  it('429 storms and transient 5xx do not fail a deploy', async () => {
    roster = editRow(roster, 'aisha.khan@sunbeltfoods.example', 'training_score', '99');
    roster = editRow(roster, 'lucas.silva@sunbeltfoods.example', 'training_score', '80');
    roster = editRow(roster, 'emma.wright@sunbeltfoods.example', 'training_score', '85');
    project.emulator.setRateLimit({ requests: 4, perSeconds: 1, retryAfterSeconds: 1 });
    project.emulator.addFault({ method: 'PATCH', kind: 'status', status: 503, times: 2 });
    project.emulator.addFault({ method: 'GET', kind: 'status', status: 502, body: '<html>Bad gateway</html>', times: 3 });
    project.emulator.addFault({ method: 'GET', kind: 'drop', times: 1 });
    project.emulator.resetRequests();
    try {
      await deploy();
    } finally {
      project.emulator.setRateLimit(undefined);
      project.emulator.clearFaults();
    }
    expect(project.emulator.requests.some((r) => r.status === 429)).toBe(true);
    expect(project.emulator.requests.some((r) => r.status === 503)).toBe(true);
    expectDomoMatchesRoster();
    await expectNoChanges();
  });

  it('a permanent 4xx fails the deploy with the SCIM detail, and the next deploy converges', async () => {
    roster = editRow(roster, 'olivia.brown@sunbeltfoods.example', 'store_number', '399');
    project.emulator.addFault({
      method: 'PATCH',
      kind: 'status',
      status: 403,
      body: JSON.stringify({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '403',
        detail: 'Missing grant: Manage All Users',
      }),
      times: 1000,
    });
    try {
      const failed = await deploy(false);
      expect(failed.code).not.toBe(0);
      expect(failed.output).toContain('Missing grant: Manage All Users');
      expect(failed.output).toContain('olivia.brown@sunbeltfoods.example');
      expect(project.emulator.requests.filter((r) => r.method === 'PATCH' && r.status === 403)).toHaveLength(1);
    } finally {
      project.emulator.clearFaults();
    }
    await deploy();
    expectDomoMatchesRoster();
    await expectNoChanges();
  });

  it('an error body echoing the token fails the deploy without the token reaching the output', async () => {
    roster = editRow(roster, 'liam.oconnor@sunbeltfoods.example', 'store_number', '398');
    project.emulator.addFault({ method: 'PATCH', kind: 'echo-credentials', status: 400, times: 1000 });
    try {
      const failed = await deploy(false);
      expect(failed.code).not.toBe(0);
      const liam = userIn(snapshot(), 'liam.oconnor@sunbeltfoods.example');
      expect(failed.output).toContain(
        `${liam.userName}: SCIM PATCH /Users/${liam.id} failed with 400: Rejected credentials: Bearer [REDACTED]`,
      );
      expect(failed.output).not.toContain(project.token);
    } finally {
      project.emulator.clearFaults();
    }
    await deploy();
    expectDomoMatchesRoster();
    await expectNoChanges();
  });

  it('writes only managed keys: no PATCH or PUT names an unmanaged or IdP-only key', () => {
    // The seed ignores IdP-only writes (idpOnlyWrites: 'ignore'), so Domo's state alone would not show one.
    expect(sampleSeed().idpOnlyWrites).toBe('ignore');
    const named = new Set(userWrites.flatMap((r) => attributesNamedIn(r.body)));
    expect(userWrites.length).toBeGreaterThan(5);
    expect([...named].filter((name) => !MANAGED_KEYS.includes(name))).toEqual([]);
    expect(named).toEqual(new Set(['storeNumber', 'region', 'franchise', 'trainingCompleted', 'trainingScore']));
  });

  it('never lets the token reach cdktf.out, state, plan files, their JSON renderings or any output', async () => {
    const planJson = (await project.plan()).json;
    const stateJson = await project.showJson();
    for (const json of [planJson, stateJson]) expect(json).toContain('james.chen@sunbeltfoods.example');
    expect(outputs.length).toBeGreaterThan(5);
    for (const output of [...outputs, planJson, stateJson]) expect(output).not.toContain(project.token);
    const files = project.allFilesText();
    expect(files).toContain('james.chen@sunbeltfoods.example');
    expect(files).not.toContain(project.token);
  });
});
