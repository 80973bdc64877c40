import * as path from 'node:path';
import type { RecordedRequest } from 'domo-scim-emulator';
import { TestProject } from '../support/project';
import { ROOT, isWrite, sampleSeed } from '../support/roster';

const ROLES = '/api/authorization/v1/roles';
const JAMES = 'james.chen@sunbeltfoods.example';
const AISHA = 'aisha.khan@sunbeltfoods.example';
const isRoles = (r: RecordedRequest) => r.path.startsWith('/api/authorization/');
const calls = (requests: readonly RecordedRequest[]) => requests.filter(isRoles).map((r) => `${r.method} ${r.path}`);

const FRANCHISE_MANAGER = { name: 'Franchise Manager', description: 'Runs a franchise', grants: ['content.export', 'user.invite'] };
const SHIFT_LEAD = { name: 'Shift Lead', grants: ['alert.edit'] };
const USERS = [
  { userName: JAMES, displayName: 'James Chen', role: 'Franchise Manager' },
  { userName: AISHA, displayName: 'Aisha Khan', role: 'Shift Lead' },
];

/** DomoRoles with DomoUsers giving its roles (the fixture app), against the sample instance. */
describe('DomoRoles end to end', () => {
  let project: TestProject;
  const spec = (content: object) => project.writeFile('roles.json', JSON.stringify(content));
  const role = (name: string) => project.emulator.store.roles().find((r) => r.name === name);
  const expectNoChanges = async () => {
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
  };

  beforeAll(async () => {
    project = await TestProject.create({
      seed: sampleSeed(),
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'roles-app.js'),
      stack: 'roles',
    });
    project.extraEnv = { ROLES_SPEC: path.join(project.dir, 'roles.json') };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('first deploy creates two roles holding exactly their grants, then gives users them; a second plan has no changes', async () => {
    spec({ roles: [FRANCHISE_MANAGER, SHIFT_LEAD], users: USERS });
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.output).toMatch(/\+ "Franchise Manager\/user\.invite" += "granted"/);
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    expect(role('Franchise Manager')).toMatchObject({ description: 'Runs a franchise', grants: ['content.export', 'user.invite'] });
    expect(role('Shift Lead')).toMatchObject({ description: '', grants: ['alert.edit'] });
    const writes = project.emulator.requests.filter((r) => isRoles(r) && isWrite(r));
    expect(writes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [
        `POST ${ROLES}`,
        `POST ${ROLES}`,
        `PATCH ${ROLES}/${role('Franchise Manager')!.id}/authorities`,
        `PATCH ${ROLES}/${role('Shift Lead')!.id}/authorities`,
      ].sort(),
    );
    expect(writes.find((r) => r.method === 'POST' && (r.body as { name: string }).name === 'Shift Lead')!.body).toEqual({
      name: 'Shift Lead',
      description: '',
      fromRoleId: 4,
    });
    const store = project.emulator.store;
    expect(store.findUserByUserName(JAMES)!.roleId).toBe(role('Franchise Manager')!.id);
    expect(store.findUserByUserName(AISHA)!.roleId).toBe(role('Shift Lead')!.id);
    expect(deploy.output).toMatch(
      /created role "Franchise Manager": role \d+ created from Participant \(4\); grants: content\.export, user\.invite/,
    );
    await expectNoChanges();
  });

  it('a grant added in the code: one plan line, the summary names role, grant and holder, the deploy sends one authorities write and a read-back', async () => {
    spec({ roles: [{ ...FRANCHISE_MANAGER, grants: [...FRANCHISE_MANAGER.grants, 'dataset.export'] }, SHIFT_LEAD], users: USERS });
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.changes).toHaveLength(1);
    expect(plan.changes[0]!.address).toMatch(/\["Franchise Manager"\]$/);
    expect(plan.output).toMatch(/\+ "Franchise Manager\/dataset\.export" += "granted"/);
    const summary = await project.cli(['plan-summary']);
    expect(summary.code).toBe(0);
    const access = summary.stdout.slice(summary.stdout.indexOf('### Access changes: roles and grants'));
    expect(access).toContain(`| \`Franchise Manager\` | \`dataset.export\` | gained | 1 user: \`${JAMES}\` |`);
    expect(summary.stdout).toContain(`Role \`Franchise Manager\` **gains grant \`dataset.export\`**: 1 user of this stack hold it`);

    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    const id = role('Franchise Manager')!.id;
    const sent = calls(project.emulator.requests);
    expect(sent.filter((c) => !c.startsWith('GET'))).toEqual([`PATCH ${ROLES}/${id}/authorities`]);
    expect(sent.slice(sent.indexOf(`PATCH ${ROLES}/${id}/authorities`))).toEqual([
      `PATCH ${ROLES}/${id}/authorities`,
      `GET ${ROLES}/${id}/authorities`,
    ]);
    expect(role('Franchise Manager')!.grants).toEqual(['content.export', 'dataset.export', 'user.invite']);
    await expectNoChanges();
  });

  it("a user's role changes: the summary lists the grants gained and lost, ignoring those both roles hold", async () => {
    spec({
      roles: [{ ...FRANCHISE_MANAGER, grants: [...FRANCHISE_MANAGER.grants, 'dataset.export', 'alert.edit'] }, SHIFT_LEAD],
      users: [USERS[0], { ...USERS[1], role: 'Franchise Manager' }],
    });
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    const summary = await project.cli(['plan-summary']);
    expect(summary.stdout).toContain(
      `| \`${AISHA}\` | \`Shift Lead (custom role)\` → \`Franchise Manager (custom role)\` | \`content.export\`, \`dataset.export\`, \`user.invite\` | — |`,
    );
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    expect(project.emulator.store.findUserByUserName(AISHA)!.roleId).toBe(role('Franchise Manager')!.id);
    await expectNoChanges();
  });
});
