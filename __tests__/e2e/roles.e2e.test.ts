import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RecordedRequest } from 'domo-scim-emulator';
import { EXIT_CANNOT_APPLY, EXIT_DIFFERENCES } from '../../src/errors';
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

  it('a grant added by hand: drift exits 3 naming role and grant, plan --out shows the repair, deploy --plan removes it', async () => {
    const grants = [...FRANCHISE_MANAGER.grants, 'dataset.export', 'alert.edit'].sort();
    const id = role('Franchise Manager')!.id;
    project.emulator.store.setRoleGrants(id, [...grants, 'card.edit']);
    const drift = await project.cli(['drift']);
    expect(drift.code).toBe(EXIT_DIFFERENCES);
    expect(drift.stdout).toContain('Roles:\n  Franchise Manager:\n    grants added outside the code: card.edit\n');

    // With a grant added in the code to Shift Lead, whose titles the access section shows.
    spec({
      roles: [
        { ...FRANCHISE_MANAGER, grants },
        { ...SHIFT_LEAD, grants: [...SHIFT_LEAD.grants, 'page.edit'] },
      ],
      users: [USERS[0], { ...USERS[1], role: 'Franchise Manager' }],
    });
    project.emulator.resetRequests();
    const plan = await project.cli(['plan', '--out', 'roles.tfplan']);
    if (plan.code !== 0) throw new Error(plan.output);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    const [changes, repairs] = plan.stdout.split('### Repairs');
    expect(repairs).toContain('| role `Franchise Manager` | removed: `card.edit` | grants changed in Domo outside the code |');
    expect(changes).toContain('| `Shift Lead` | `page.edit` (`Edit Pages`) | gained | no user of this stack |');
    expect(changes).not.toContain('card.edit');

    project.emulator.resetRequests();
    const deploy = await project.cli(['deploy', '--plan', 'roles.tfplan']);
    if (deploy.code !== 0) throw new Error(deploy.output);
    const writes = project.emulator.requests.filter((r) => isRoles(r) && isWrite(r));
    expect(writes.map((r) => `${r.method} ${r.path}`).sort()).toEqual(
      [`PATCH ${ROLES}/${id}/authorities`, `PATCH ${ROLES}/${role('Shift Lead')!.id}/authorities`].sort(),
    );
    expect(role('Franchise Manager')!.grants).toEqual(grants);
    expect(role('Shift Lead')!.grants).toEqual(['alert.edit', 'page.edit']);
    expect((await project.cli(['drift'])).code).toBe(0);
    await expectNoChanges();
  });

  it("delete of a role Domo's users still hold is refused at plan time, naming how many and where to move them; nothing written", async () => {
    spec({ roles: [SHIFT_LEAD], removalPolicy: 'delete', users: [USERS[0], { ...USERS[1], role: 'Franchise Manager' }] });
    project.emulator.resetRequests();
    const plan = await project.cli(['plan', '--out', 'refused.tfplan']);
    expect(plan.code).toBe(EXIT_CANNOT_APPLY);
    expect(plan.stderr).toContain(
      `  - DomoRoles "roles/Roles": role Franchise Manager: leaves the code with removal policy 'delete', but 2 users hold it in Domo. ` +
        "Fix: give them another role with their DomoUsers `role` first, then deploy again (removal policy 'delete')",
    );
    expect(plan.stdout).toContain('| DomoRoles "roles/Roles" | role Franchise Manager |');
    expect(fs.existsSync(path.join(project.dir, 'refused.tfplan'))).toBe(false);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    expect(role('Franchise Manager')).toBeDefined();
  });

  it('export --roles-out adopts the instance: a new project reading the file deploys writing nothing, then plans no changes', async () => {
    const exported = await project.cli(['export', '--roles-out', 'roles-export.json']);
    if (exported.code !== 0) throw new Error(exported.output);
    const file = JSON.parse(fs.readFileSync(path.join(project.dir, 'roles-export.json'), 'utf8')) as { roles: { name: string }[] };
    expect(file.roles.map((r) => r.name)).toEqual(['Franchise Manager', 'Shift Lead', 'Store Manager']);

    const adopter = project.sibling();
    try {
      adopter.extraEnv = {
        ROLES_SPEC: adopter.writeFile('roles.json', JSON.stringify({ rolesFile: path.join(project.dir, 'roles-export.json') })),
      };
      project.emulator.resetRequests();
      const deploy = await adopter.deploy();
      if (deploy.code !== 0) throw new Error(deploy.output);
      expect(project.emulator.requests.filter(isWrite)).toEqual([]);
      const plan = await adopter.plan();
      expect(plan.code).toBe(0);
      expect(plan.changes).toEqual([]);
    } finally {
      await adopter.close();
    }
  });
});
