import * as path from 'node:path';
import { Seed, type RecordedRequest } from 'domo-scim-emulator';
import type { DesiredUser } from '../../src';
import { TestProject, changedTriggers } from '../support/project';
import { ROOT, isWrite } from '../support/roster';

const APP = path.join(ROOT, 'dist', '__tests__', 'fixtures', 'users-app.js');

/** DomoUsers through the real cdktf CLI and Terraform against the local SCIM service. */
describe('DomoUsers end to end', () => {
  let project: TestProject;
  let spec: { users: DesiredUser[]; removalPolicy?: 'retain' | 'delete' } = {
    users: [
      { userName: 'boss@acme.example', displayName: 'Big Boss', role: 'Admin' },
      {
        userName: 'new.hire@acme.example',
        displayName: 'New Hire',
        role: 'Participant',
        title: 'Line cook',
        department: 'Kitchen',
        employeeNumber: 'E-1001',
        location: 'Store 101',
        hireDate: '2024-03-04T17:00:00-06:00',
        mobilePhone: '+1 555 0101',
        deskPhone: '+1 555 0199',
        alternateEmail: 'hire@home.example',
        locale: 'en-US',
        timezone: 'America/Chicago',
        manager: 'boss@acme.example',
        customAttributes: { trainingCertified: ['false'] },
      },
      {
        userName: 'Existing@acme.example',
        displayName: 'Existing Person',
        role: 'Editor',
        title: 'Shift lead',
        customAttributes: { trainingCertified: ['true'] },
      },
      { userName: 'owner@acme.example', displayName: 'Data Owner' },
      { userName: 'leaver@acme.example', displayName: 'Soon Gone' },
      // New in the same deploy as their new manager: in one shard (36 of 64), and across shards (04 and 06).
      { userName: 'cashier@acme.example', displayName: 'Cashier', role: 'Social', manager: 'shift.lead@acme.example' },
      { userName: 'shift.lead@acme.example', displayName: 'Shift Lead', role: 'Editor' },
      { userName: 'new.report@acme.example', displayName: 'New Report', role: 'Participant', manager: 'New.Boss@acme.example' },
      { userName: 'new.boss@acme.example', displayName: 'New Boss', role: 'Editor' },
      // A custom role, given by its numeric id.
      { userName: 'store.manager@acme.example', displayName: 'Store Manager', role: 101 },
    ],
  };
  const outputs: string[] = [];
  /** The SCIM requests of each deploy, in order. */
  const deploys: RecordedRequest[][] = [];
  const user = (userName: string) => project.emulator.snapshot().users.find((u) => u.userName.toLowerCase() === userName.toLowerCase());

  async function deploy(expectOk = true) {
    project.writeFile('users.json', JSON.stringify(spec));
    const from = project.emulator.requests.length;
    const result = await project.deploy();
    outputs.push(result.output);
    const sent = project.emulator.requests.slice(from);
    deploys.push(sent);
    // active:false deletes a user in Domo: no deploy may ever send active, in a body or a PATCH path.
    expect(sent.filter((r) => sendsActive(r.body)).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    if (expectOk && result.code !== 0) throw new Error(`deploy failed:\n${result.output}`);
    return result;
  }
  async function plan() {
    project.writeFile('users.json', JSON.stringify(spec));
    const result = await project.plan();
    outputs.push(result.output);
    expect(result.code).toBe(0);
    return result;
  }

  beforeAll(async () => {
    const seed = Seed.parse({
      attributes: [{ key: 'trainingCertified', valueSources: ['managed'] }],
      users: [
        { id: '1001', userName: 'boss@acme.example', displayName: 'Big Boss', roleId: 1 },
        { id: '1002', userName: 'existing@acme.example', displayName: 'Old Name', roleId: 4, title: 'Cook', department: 'Kitchen' },
        { id: '1003', userName: 'owner@acme.example', displayName: 'Data Owner', ownsDatasets: true },
        { id: '1004', userName: 'leaver@acme.example', displayName: 'Soon Gone' },
      ],
      roles: [{ id: 101, name: 'Store Manager' }],
    });
    project = await TestProject.create({ seed, app: APP, stack: 'users', env: {} });
    project.extraEnv = { USERS_SPEC: path.join(project.dir, 'users.json'), DOMO_IDENTITY_SHARDS: '1' };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('creates missing users with every field and updates existing ones; a date-time hireDate converges', async () => {
    // Slow creates: a shard looking for a manager of another shard is then sure to find nobody yet,
    // whichever shard Terraform starts first.
    project.emulator.addFault({ kind: 'delay', method: 'POST', pathPattern: '^/Users$', ms: 1500, times: 20 });
    await deploy();
    project.emulator.clearFaults();
    expect(user('new.hire@acme.example')).toMatchObject({
      displayName: 'New Hire',
      roleId: 4,
      title: 'Line cook',
      department: 'Kitchen',
      employeeNumber: 'E-1001',
      employeeLocation: 'Store 101',
      hireDate: '2024-03-04',
      mobilePhone: '+1 555 0101',
      workPhone: '+1 555 0199',
      alternateEmail: 'hire@home.example',
      locale: 'en-US',
      timezone: 'America/Chicago',
      managerId: '1001',
      customAttributes: { trainingCertified: ['false'] },
    });
    expect(user('existing@acme.example')).toMatchObject({
      id: '1002',
      displayName: 'Existing Person',
      roleId: 3,
      title: 'Shift lead',
      department: 'Kitchen',
      customAttributes: { trainingCertified: ['true'] },
    });
    const second = await plan();
    expect(second.changes).toEqual([]);
  });

  it('a manager new in the same deploy, in the same shard or another, is created once and assigned in that first deploy', () => {
    const created = deploys[0]!
      .filter((r) => r.method === 'POST' && r.path === '/Users' && r.status === 201)
      .map((r) => (r.body as { userName: string }).userName);
    expect(created.sort()).toEqual([
      'cashier@acme.example',
      'new.boss@acme.example',
      'new.hire@acme.example',
      'new.report@acme.example',
      'shift.lead@acme.example',
      'store.manager@acme.example',
    ]);
    expect(
      project.emulator.snapshot().users.filter((u) => ['new.boss@acme.example', 'shift.lead@acme.example'].includes(u.userName)),
    ).toHaveLength(2);
    expect(user('shift.lead@acme.example')).toMatchObject({ displayName: 'Shift Lead', roleId: 3 });
    expect(user('cashier@acme.example')).toMatchObject({
      displayName: 'Cashier',
      roleId: 5,
      managerId: user('shift.lead@acme.example')!.id,
    });
    expect(user('new.boss@acme.example')).toMatchObject({ displayName: 'New Boss', roleId: 3 });
    expect(user('new.report@acme.example')).toMatchObject({
      displayName: 'New Report',
      roleId: 4,
      managerId: user('new.boss@acme.example')!.id,
    });
  });

  it('a custom role given by id is shown in the plan and kept by Domo', () => {
    expect(outputs[0]).toMatch(/\+ "store\.manager@acme\.example\/role" += "role 101"/);
    expect(user('store.manager@acme.example')).toMatchObject({ displayName: 'Store Manager', roleId: 101 });
  });

  it('a changed role, standard field and custom attribute are named old -> new, and only those are patched', async () => {
    const hire = spec.users[1]!;
    spec.users[1] = { ...hire, role: 'Editor', title: 'Sous chef', customAttributes: { trainingCertified: ['true'] } };
    const result = await plan();
    expect(result.changes).toHaveLength(1);
    expect(changedTriggers(result.changes[0]!)).toEqual([
      { key: 'new.hire@acme.example/custom.trainingCertified', before: 'false', after: 'true' },
      { key: 'new.hire@acme.example/role', before: 'Participant (4)', after: 'Editor (3)' },
      { key: 'new.hire@acme.example/title', before: 'Line cook', after: 'Sous chef' },
    ]);
    expect(result.output).toMatch(/~ "new\.hire@acme\.example\/role" += "Participant \(4\)" -> "Editor \(3\)"/);
    project.emulator.resetRequests();
    await deploy();
    const writes = project.emulator.requests.filter(isWrite);
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH ${'/Users/'}${user('new.hire@acme.example')!.id}`]);
    const ops = (writes[0]!.body as { Operations: Array<{ path: string }> }).Operations.map((o) => o.path);
    expect(ops).toEqual([
      'roles',
      'title',
      'urn:ietf:params:scim:schemas:extension:custom:2.0:User:customAttributes[key eq "trainingCertified"]',
    ]);
    expect(user('new.hire@acme.example')).toMatchObject({
      roleId: 3,
      title: 'Sous chef',
      customAttributes: { trainingCertified: ['true'] },
    });
    expect((await plan()).changes).toEqual([]);
  });

  it('removal with delete: deletes leavers, reports a dataset owner by name and reason, and the rest succeed', async () => {
    spec = {
      ...spec,
      removalPolicy: 'delete',
      users: spec.users.filter((u) => !['owner@acme.example', 'leaver@acme.example'].includes(u.userName)),
    };
    spec.users[0] = { ...spec.users[0]!, title: 'Owner' };
    const result = await deploy();
    expect(
      deploys
        .at(-1)!
        .filter((r) => r.method === 'DELETE')
        .map((r) => `${r.path} ${r.status}`)
        .sort(),
    ).toEqual(['/Users/1003 400', '/Users/1004 204']);
    expect(result.output).toMatch(/retained owner@acme\.example: NOT DELETED: .*DataSets/);
    expect(user('boss@acme.example')!.title).toBe('Owner');
    expect(user('leaver@acme.example')).toBeUndefined();
    expect(user('owner@acme.example')).toBeDefined();
    expect(user('new.hire@acme.example')).toBeDefined();
    expect((await plan()).changes).toEqual([]);
    for (const output of outputs) expect(output).not.toContain(project.token);
    expect(project.allFilesText()).not.toContain(project.token);
    // Every deploy was checked for `active` as it ran; this proves there were three of them.
    expect(deploys).toHaveLength(3);
  });
});

/** Whether a SCIM request body sets `active`: as an attribute anywhere, or as a PATCH operation's path. */
function sendsActive(body: unknown): boolean {
  if (Array.isArray(body)) return body.some(sendsActive);
  if (typeof body !== 'object' || body === null) return false;
  return Object.entries(body).some(
    ([key, value]) =>
      key.toLowerCase() === 'active' ||
      (key === 'path' && typeof value === 'string' && /(^|[:.])active$/i.test(value)) ||
      sendsActive(value),
  );
}
