import * as fs from 'node:fs';
import * as path from 'node:path';
import type { DriftJson } from '../../src/drift/report';
import { TestProject } from '../support/project';
import {
  desiredFromRoster,
  largeRoster,
  editRow,
  isWrite,
  MANAGED_KEYS,
  pick,
  removeRow,
  sampleRoster,
  sampleSeed,
  userIn,
} from '../support/roster';

const ROSTER_DATASET = '2f7a1c9e-roster';
const CLIENT = { DOMO_CLIENT_ID: 'sample-client', DOMO_CLIENT_SECRET: 'sample-secret' };

/**
 * A team's loop through the real cdktf CLI, Terraform and the built `domo-identity` CLI, against
 * the local Domo service: the roster read live from a Domo dataset, pinned with `snapshot`, pull
 * requests summarized with `plan-summary`, changes made by hand found with `drift` and repaired.
 */
describe('the pull-request workflow end to end', () => {
  let project: TestProject;
  const outputs: string[] = [];

  const expectNoChanges = async () => {
    const plan = await project.plan();
    outputs.push(plan.output);
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
  };
  /** `cdktf plan`, then `domo-identity plan-summary` on the plan it left. */
  const summarize = async () => {
    const plan = await project.plan();
    outputs.push(plan.output);
    if (plan.code !== 0) throw new Error(`plan failed:\n${plan.output}`);
    const summary = await project.cli(['plan-summary']);
    outputs.push(summary.output);
    expect(summary.code).toBe(0);
    return summary.stdout;
  };
  const managedOf = (userName: string) => pick(userIn(project.emulator.snapshot(), userName).customAttributes, MANAGED_KEYS);
  const drift = async () => {
    const result = await project.cli(['drift', '--json']);
    outputs.push(result.output);
    return { code: result.code, report: JSON.parse(result.stdout) as DriftJson, stderr: result.stderr };
  };

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed() });
    const apiRoot = new URL(project.emulator.scimUrl).origin;
    project.extraEnv = { ...CLIENT, DOMO_API_HOST: apiRoot, DOMO_IDENTITY_ROSTER: `domo-dataset:${ROSTER_DATASET}` };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('deploys from the live Domo dataset (client credentials, CSV export), and a second plan has no changes', async () => {
    const deploy = await project.deploy();
    outputs.push(deploy.output);
    if (deploy.code !== 0) throw new Error(deploy.output);
    const reads = project.emulator.requests.filter((r) => !r.path.startsWith('/Users') && !r.path.startsWith('/Groups'));
    expect(reads.map((r) => `${r.method} ${r.path} ${r.status}`)).toEqual(
      expect.arrayContaining([
        'POST /oauth/token 200',
        `GET /v1/datasets/${ROSTER_DATASET} 200`,
        `GET /v1/datasets/${ROSTER_DATASET}/data 200`,
      ]),
    );
    // The dataset mirrors the repository's sample roster, so Domo must now equal that file.
    for (const [userName, attributes] of desiredFromRoster(sampleRoster()))
      expect(managedOf(userName)).toEqual(pick(attributes, MANAGED_KEYS));
    await expectNoChanges();
  });

  it('the query API with a developer token reads the same rows: no changes', async () => {
    const saved = project.extraEnv;
    project.extraEnv = {
      DOMO_IDENTITY_ROSTER: `domo-dataset:${ROSTER_DATASET}`,
      // No API client (the project passes the seed's by default): the developer token is then used.
      DOMO_CLIENT_ID: '',
      DOMO_CLIENT_SECRET: '',
      DOMO_DEVELOPER_TOKEN: project.token,
      DOMO_INSTANCE_URL: new URL(project.emulator.scimUrl).origin,
    };
    project.emulator.resetRequests();
    try {
      await expectNoChanges();
    } finally {
      project.extraEnv = saved;
    }
    expect(project.emulator.requests.some((r) => r.method === 'POST' && r.path === `/api/query/v1/execute/${ROSTER_DATASET}`)).toBe(true);
  });

  it('bad credentials or an unknown dataset fail the plan naming them, before any SCIM call', async () => {
    project.emulator.resetRequests();
    const badSecret = 'not-the-secret-9f3e';
    const refused = await project.cli(['snapshot', ROSTER_DATASET, '--out', 'x.csv'], { DOMO_CLIENT_SECRET: badSecret });
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('Domo refused the client credentials of API client "sample-client"');
    expect(refused.output).not.toContain(badSecret);

    const saved = project.extraEnv;
    try {
      project.extraEnv = { ...saved, DOMO_CLIENT_SECRET: badSecret };
      const plan = await project.plan();
      expect(plan.code).not.toBe(0);
      expect(plan.output).toContain('Domo refused the client credentials of API client "sample-client"');
      expect(plan.output).not.toContain(badSecret);

      project.extraEnv = { ...saved, DOMO_IDENTITY_ROSTER: 'domo-dataset:no-such-dataset' };
      const unknown = await project.plan();
      expect(unknown.code).not.toBe(0);
      expect(unknown.output).toContain('dataset:no-such-dataset: Domo at');
      expect(unknown.output).toContain('has no dataset with this id (HTTP 404');
    } finally {
      project.extraEnv = saved;
    }
    expect(project.emulator.requests.filter((r) => r.path.startsWith('/Users') || r.path.startsWith('/Groups'))).toEqual([]);
    expect(fs.existsSync(path.join(project.dir, 'x.csv'))).toBe(false);
  });

  it('snapshot pins the dataset to a CSV file, and the stack reading the file plans no changes', async () => {
    const snap = await project.cli(['snapshot', ROSTER_DATASET, '--out', 'roster.csv']);
    outputs.push(snap.output);
    expect(snap.code).toBe(0);
    expect(snap.stderr).toContain(`Wrote 12 rows and 9 columns to ${project.rosterPath}`);
    expect(fs.readFileSync(project.rosterPath, 'utf8')).toBe(sampleRoster());
    project.extraEnv = { ...project.extraEnv, DOMO_IDENTITY_ROSTER: project.rosterPath };
    await expectNoChanges();
  });

  it('plan-summary: one attribute change is one table row, old → new', async () => {
    project.writeRoster(editRow(sampleRoster(), 'james.chen@sunbeltfoods.example', 'store_number', '110'));
    const summary = await summarize();
    expect(summary).toContain(
      '**Totals:** 1 user changed, 1 attribute changed, 0 users leaving · groups: 0 created, 0 changed, 0 removed · members: 0 joining, 0 leaving',
    );
    expect(summary.split('\n').filter((l) => l.startsWith('| `'))).toEqual([
      '| `james.chen@sunbeltfoods.example` | `storeNumber`: `102` → `110` |',
    ]);
    expect(summary).not.toContain('[!WARNING]');
  });

  it('plan-summary: a franchise move shows the attribute and the member leaving one group and joining another', async () => {
    project.writeRoster(editRow(sampleRoster(), 'james.chen@sunbeltfoods.example', 'franchise', 'Gulf Coast Grill'));
    const summary = await summarize();
    expect(summary).toContain('| `james.chen@sunbeltfoods.example` | `franchise`: `Sunbelt Tacos North` → `Gulf Coast Grill` |');
    expect(summary).toContain('members: 1 joining, 1 leaving');
    expect(summary).toContain(
      '**`Franchise - Gulf Coast Grill`** — changed, 4 → 5 members\n\nJoining (1): `james.chen@sunbeltfoods.example`',
    );
    expect(summary).toContain(
      '**`Franchise - Sunbelt Tacos North`** — changed, 3 → 2 members\n\nLeaving (1; removed from the group): `james.chen@sunbeltfoods.example`',
    );
    expect(summary).toContain('Group `Franchise - Sunbelt Tacos North` loses **1 of 3 members** (33%)');
  });

  it("plan-summary: a user leaving the dataset is stated with each construct's removal policy", async () => {
    project.writeRoster(removeRow(sampleRoster(), 'tom.becker@sunbeltfoods.example'));
    const summary = await summarize();
    expect(summary).toContain('**Leaving** (1 user): they stay in Domo (removal policy `retain`): `tom.becker@sunbeltfoods.example`');
    expect(summary).toContain(
      '**Leaving** (1 user): their managed attributes are cleared (removal policy `clear`): `tom.becker@sunbeltfoods.example`',
    );
    expect(summary).toContain('Leaving (1; removed from the group): `tom.becker@sunbeltfoods.example`');
    project.writeRoster(sampleRoster());
  });

  it('drift: in sync after deploy (exit 0); changes made by hand are reported (exit 3); the next domo-identity deploy repairs them', async () => {
    await expectNoChanges();
    const clean = await drift();
    expect(clean.code).toBe(0);
    expect(clean.report.inSync).toBe(true);

    const store = project.emulator.store;
    const maria = store.findUserByUserName('maria.lopez@sunbeltfoods.example')!;
    store.putUser({ ...maria, customAttributes: { ...maria.customAttributes, storeNumber: ['999'] } });
    const tom = store.findUserByUserName('tom.becker@sunbeltfoods.example')!;
    const north = store.findGroupByDisplayName('Franchise - Sunbelt Tacos North')!;
    store.putGroup({ ...north, members: [...north.members, tom.id] });
    project.emulator.resetRequests();

    const found = await drift();
    expect(found.code).toBe(3);
    expect(found.report.users).toEqual([
      expect.objectContaining({
        userName: 'maria.lopez@sunbeltfoods.example',
        status: 'changed',
        differences: [expect.objectContaining({ kind: 'attribute', key: 'storeNumber', desired: ['101'], live: ['999'] })],
      }),
    ]);
    expect(found.report.groups).toEqual([
      expect.objectContaining({
        displayName: 'Franchise - Sunbelt Tacos North',
        extraMembers: ['tom.becker@sunbeltfoods.example'],
        missingMembers: [],
      }),
    ]);
    expect(found.stderr).toContain('drift');
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    // A plain plan cannot see changes made in Domo: that is what drift is for.
    await expectNoChanges();

    // The next deploy repairs exactly the drifted instances: Maria's shard and the group.
    project.emulator.resetRequests();
    const repair = await project.cli(['deploy']);
    outputs.push(repair.output);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toContain('✓ drift check: 1 user and 1 group differ from the desired state');
    expect(repair.stderr).toMatch(
      /Repairing 2 instance\(s\) by replacing them:\n {2}terraform_data\.FranchiseAttributes_\w+\["\d+"\]\n {2}terraform_data\.FranchiseGroups_\w+\["Franchise - Sunbelt Tacos North"\]\n/,
    );
    expect(
      project.emulator.requests
        .filter(isWrite)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual([`PATCH /Groups/${north.id}`, `PATCH /Users/${maria.id}`]);
    expect(managedOf('maria.lopez@sunbeltfoods.example').storeNumber).toEqual(['101']);
    expect(project.emulator.store.findGroupByDisplayName('Franchise - Sunbelt Tacos North')!.members).not.toContain(tom.id);
    const after = await drift();
    expect(after.code).toBe(0);
    await expectNoChanges();
  });

  it('never prints or stores the token or the client secret', () => {
    const everything = outputs.join('\n') + project.allFilesText();
    expect(everything).not.toContain(project.token);
    expect(everything).not.toContain(CLIENT.DOMO_CLIENT_SECRET);
  });
});

describe('plan-summary on the initial plan of 10,000 users', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: largeRoster(10_000), env: { DOMO_IDENTITY_SHARDS: '64' } });
  });
  afterAll(async () => {
    await project?.close();
  });

  it('fits a pull-request comment, cut between table rows, with the rest counted', async () => {
    const plan = await project.plan();
    if (plan.code !== 0) throw new Error(plan.output);
    const summary = await project.cli(['plan-summary']);
    expect(summary.code).toBe(0);
    const out = summary.stdout;
    expect(out.length).toBeLessThanOrEqual(60_000);
    expect(out).toContain('**Totals:** 10,000 users changed');
    expect(out).toMatch(/… and [\d,]+ more users \(not shown\)/);
    // Every table row is whole: starts and ends with a pipe, with the user and the changes.
    const rows = out.split('\n').filter((l) => l.startsWith('| `employee'));
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row).toMatch(/^\| `employee\d{6}@sunbeltfoods\.example` \| .+ \|$/);
  });
});
