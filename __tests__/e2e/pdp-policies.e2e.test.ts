import * as fs from 'node:fs';
import * as path from 'node:path';
import { Seed, type RecordedRequest } from 'domo-scim-emulator';
import type { DriftJson } from '../../src/drift/report';
import { TestProject, planTriggerLines } from '../support/project';
import { ROOT, editRow, isWrite, sampleRoster, sampleSeed } from '../support/roster';
import { franchiseMoveAccess } from '../support/access';

const SALES = '7c3e5a10-sales';
const JAMES = 'james.chen@sunbeltfoods.example';
const FRANCHISES = ['Gulf Coast Grill', 'Sunbelt Tacos North', 'Sunbelt Tacos South', 'Sunbelt Tacos, Express'];
const isPdp = (r: RecordedRequest) => r.path.startsWith('/v1/') || r.path === '/oauth/token';
const writes = (requests: readonly RecordedRequest[]) =>
  requests
    .filter(isWrite)
    .map((r) => `${r.method} ${r.path}`)
    .sort();

/** The sample stack, as the demo deploys it: one policy per franchise on the sales dataset, given to the franchise's group. */
describe('PDP policies of the sample stack end to end', () => {
  let project: TestProject;
  const outputs: string[] = [];
  const policies = () => project.emulator.store.policies(SALES);
  const policy = (name: string) => policies().find((p) => p.name === name)!;
  const groupId = (displayName: string) => Number(project.emulator.store.findGroupByDisplayName(displayName)!.id);
  const expectNoChanges = async () => {
    const plan = await project.plan();
    outputs.push(plan.output);
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
  };
  const drift = async () => {
    const result = await project.cli(['drift', '--json']);
    outputs.push(result.output);
    return { code: result.code, report: JSON.parse(result.stdout) as DriftJson };
  };

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: sampleRoster() });
  });
  afterAll(async () => {
    await project?.close();
  });

  it('deploy creates each policy once, given to its franchise group; a second plan has no changes', async () => {
    const deploy = await project.deploy();
    outputs.push(deploy.output);
    if (deploy.code !== 0) throw new Error(deploy.output);
    const posts = project.emulator.requests.filter((r) => r.method === 'POST' && r.path === `/v1/datasets/${SALES}/policies`);
    expect(posts.map((r) => (r.body as { name: string }).name).sort()).toEqual(FRANCHISES);
    expect(posts.every((r) => r.status === 201)).toBe(true);
    expect(project.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/Groups')).toHaveLength(5);
    expect(policies().map((p) => p.name)).toEqual(['All Rows', ...FRANCHISES.slice().sort((a, b) => policy(a).id - policy(b).id)]);
    for (const franchise of FRANCHISES) {
      expect(policy(franchise)).toMatchObject({
        type: 'user',
        filters: [{ column: 'Franchise', values: [franchise], operator: 'EQUALS', not: false }],
        users: [],
        groups: [groupId(`Franchise - ${franchise}`)],
      });
    }
    expect(deploy.output).toContain(`franchise-identity/SalesPolicies dataset "${SALES}": 4 checked, 4 created`);
    await expectNoChanges();
  });

  it("a franchise move: the plan changes two groups' members, plan-summary's Access changes shows lose Sunbelt Tacos North / gain Gulf Coast Grill, and the deploy writes two group PATCHes and the attribute", async () => {
    const before = project.emulator.snapshot();
    project.writeRoster(editRow(sampleRoster(), JAMES, 'franchise', 'Gulf Coast Grill'));
    const plan = await project.plan();
    outputs.push(plan.output);
    expect(plan.code).toBe(0);
    // The policies name groups, not people: they do not change, the memberships do (the plan's
    // attribute and member lines are those the sample stack's own end-to-end test checks).
    expect(plan.changes.map((c) => c.address.replace(/_[0-9A-F]{8}(\[.*)$/, '$1'))).toEqual([
      expect.stringMatching(/^terraform_data\.FranchiseAttributes\["\d+"\]$/),
      'terraform_data.FranchiseGroups["Franchise - Gulf Coast Grill"]',
      'terraform_data.FranchiseGroups["Franchise - Sunbelt Tacos North"]',
    ]);

    const summary = await project.cli(['plan-summary']);
    outputs.push(summary.output);
    expect(summary.code).toBe(0);
    const access = summary.stdout.slice(summary.stdout.indexOf('### Access changes'));
    expect(access).toBe(franchiseMoveAccess(JAMES, SALES, 'Sunbelt Tacos North', 'Gulf Coast Grill'));

    project.emulator.resetRequests();
    const deploy = await project.deploy();
    outputs.push(deploy.output);
    if (deploy.code !== 0) throw new Error(deploy.output);
    const requests = project.emulator.requests;
    const james = before.users.find((u) => u.userName === JAMES)!;
    expect(writes(requests)).toEqual(
      [
        `PATCH /Groups/${groupId('Franchise - Gulf Coast Grill')}`,
        `PATCH /Groups/${groupId('Franchise - Sunbelt Tacos North')}`,
        `PATCH /Users/${james.id}`,
      ].sort(),
    );
    // No policy instance was replaced: not one request to the public API.
    expect(requests.filter(isPdp)).toEqual([]);
    // The attribute: a lookup, a PATCH, a read-back. Each group: a lookup per member (7 users in
    // all, James once), find by name, read, one PATCH, read back. Nothing else.
    expect(requests).toHaveLength(17);
    expect(requests.filter((r) => r.method === 'GET' && r.path === '/Users')).toHaveLength(7);
    expect(policies()).toEqual(before.datasets!.find((d) => d.id === SALES)!.policies);
    await expectNoChanges();
  });

  it('a policy edited by hand (a filter value added) is reported by drift (exit 2) and repaired by domo-identity deploy with one PUT', async () => {
    const north = policy('Sunbelt Tacos North');
    project.emulator.store.putPolicy(SALES, {
      ...north,
      filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North', 'Gulf Coast Grill'], operator: 'EQUALS', not: false }],
    });
    await expectNoChanges(); // a plan cannot see it: that is what drift is for
    project.emulator.resetRequests();
    const found = await drift();
    expect(found.code).toBe(3);
    expect(found.report.policies).toEqual([
      {
        dataset: SALES,
        name: 'Sunbelt Tacos North',
        construct: 'franchise-identity/SalesPolicies',
        status: 'changed',
        rows: { desired: '"Franchise" = "Sunbelt Tacos North"', live: '"Franchise" in ("Gulf Coast Grill", "Sunbelt Tacos North")' },
        missingUsers: [],
        extraUsers: [],
        missingGroups: [],
        extraGroups: [],
        membersNotInDomo: [],
      },
    ]);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);

    project.emulator.resetRequests();
    const repair = await project.cli(['deploy']);
    outputs.push(repair.output);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toContain('drift check: 1 policy differs from the desired state');
    expect(repair.stderr).toMatch(
      /Repairing 1 instance\(s\) by replacing them:\n {2}terraform_data\.SalesPolicies_\w+\["7c3e5a10-sales"\]\n/,
    );
    expect(project.runLog(repair.output)).toContain(
      `updated policy "Sunbelt Tacos North": rows "Franchise" in ("Gulf Coast Grill", "Sunbelt Tacos North") -> "Franchise" = "Sunbelt Tacos North"`,
    );
    expect(writes(project.emulator.requests)).toEqual([`PUT /v1/datasets/${SALES}/policies/${north.id}`]);
    expect(policy('Sunbelt Tacos North')).toEqual(north);
    expect((await drift()).code).toBe(0);
    await expectNoChanges();
  });

  it('never prints or stores the token or the client secret', () => {
    const everything = outputs.join('\n') + project.allFilesText();
    expect(everything).not.toContain(project.token);
    expect(everything).not.toContain('sample-secret');
  });
});

const seed = sampleSeed();
/** The sample instance with groups and policies nobody manages yet (an instance to adopt). */
const ADOPT_SEED = Seed.parse({
  ...seed,
  groups: [
    { id: '5001', displayName: 'North staff', members: ['1001', '1002'] },
    { id: '5002', displayName: 'Gulf staff', members: ['1005'] },
  ],
  datasets: seed.datasets!.map((d) =>
    d.id !== SALES
      ? d
      : {
          ...d,
          policies: [
            { id: 1, type: 'system', name: 'All Rows' },
            {
              id: 2,
              name: 'North',
              groups: [5001],
              filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'], operator: 'EQUALS' }],
            },
            {
              id: 3,
              name: 'Gulf ${x}',
              groups: [5002],
              users: [1003],
              filters: [{ column: 'Franchise', values: ['Gulf Coast Grill'], operator: 'EQUALS' }],
            },
            {
              id: 4,
              name: 'Big stores, not Express',
              users: [1004, 1001],
              filters: [
                { column: 'Sales', values: ['40000'], operator: 'GREATER_THAN' },
                { column: 'Franchise', values: ['Sunbelt Tacos, Express'], operator: 'EQUALS', not: true },
              ],
            },
          ],
        },
  ),
});

/** DomoPdpPolicies alone (the fixture app), against an instance to adopt. */
describe('DomoPdpPolicies end to end: adoption, a reviewed change, bad input', () => {
  let project: TestProject;
  const spec = (content: object) => project.writeFile('pdp.json', JSON.stringify(content));
  const userId = (userName: string) => Number(project.emulator.store.findUserByUserName(userName)!.id);

  beforeAll(async () => {
    project = await TestProject.create({
      seed: ADOPT_SEED,
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'pdp-app.js'),
      stack: 'pdp',
    });
    project.extraEnv = { PDP_SPEC: path.join(project.dir, 'pdp.json') };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('export -> deploy from the export writes nothing, and a second plan has no changes', async () => {
    const exported = await project.cli(['export', '--datasets', SALES, '--policies-out', 'policies.json']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain(`Wrote 3 PDP policies of 1 dataset(s) to ${path.join(project.dir, 'policies.json')}`);
    expect(JSON.parse(fs.readFileSync(path.join(project.dir, 'policies.json'), 'utf8'))).toEqual({
      [SALES]: [
        {
          name: 'Big stores, not Express',
          filters: [
            { column: 'Sales', values: ['40000'], operator: 'GREATER_THAN' },
            { column: 'Franchise', values: ['Sunbelt Tacos, Express'], operator: 'EQUALS', not: true },
          ],
          users: ['maria.lopez@sunbeltfoods.example', 'tom.becker@sunbeltfoods.example'],
          groups: [],
        },
        {
          name: 'Gulf ${x}',
          filters: [{ column: 'Franchise', values: ['Gulf Coast Grill'], operator: 'EQUALS' }],
          users: ['aisha.khan@sunbeltfoods.example'],
          groups: ['Gulf staff'],
        },
        {
          name: 'North',
          filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'], operator: 'EQUALS' }],
          users: [],
          groups: ['North staff'],
        },
      ],
    });
    spec({ policiesFile: path.join(project.dir, 'policies.json') });
    const before = project.emulator.snapshot();
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    expect(deploy.output).toContain(`pdp/Policies dataset "${SALES}": 3 checked, 3 unchanged`);
    expect(project.emulator.snapshot()).toEqual(before);
    const plan = await project.plan();
    expect(plan.changes).toEqual([]);
  });

  it('a reviewed change: the plan names the filter value and the member, and the deploy sends one PUT', async () => {
    const file = path.join(project.dir, 'policies.json');
    const policies = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<
      string,
      Array<{ name: string; filters: Array<{ values: string[] }>; users: string[]; groups: string[] }>
    >;
    const north = policies[SALES]!.find((p) => p.name === 'North')!;
    north.filters[0]!.values.push('Sunbelt Tacos South');
    north.users.push('ethan.davis@sunbeltfoods.example');
    fs.writeFileSync(file, JSON.stringify(policies));
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(planTriggerLines(plan.output)).toEqual([
      [
        '+ "North/filter/Franchise/Sunbelt Tacos South" = "EQUALS"',
        '+ "North/user/ethan.davis@sunbeltfoods.example" = "member"',
        '# (12 unchanged attributes hidden)',
      ],
    ]);
    const summary = await project.cli(['plan-summary']);
    expect(summary.stdout).toContain(
      `**\`North\`** on dataset \`${SALES}\` — changed\n\n- rows: \`Franchise\` = \`Sunbelt Tacos North\` → \`Franchise\` in (\`Sunbelt Tacos North\`, \`Sunbelt Tacos South\`)\n\nJoining (1): user \`ethan.davis@sunbeltfoods.example\``,
    );
    // Group members are not managed here: the group stands for them.
    expect(summary.stdout).toContain(
      `| members of group \`North staff\` | \`${SALES}\` › \`North\`: \`Franchise\` in (\`Sunbelt Tacos North\`, \`Sunbelt Tacos South\`) | \`${SALES}\` › \`North\`: \`Franchise\` = \`Sunbelt Tacos North\` |`,
    );
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    expect(writes(project.emulator.requests)).toEqual([`PUT /v1/datasets/${SALES}/policies/2`]);
    expect(project.emulator.store.policy(SALES, 2)).toMatchObject({
      filters: [{ values: ['Sunbelt Tacos North', 'Sunbelt Tacos South'] }],
      users: [userId('ethan.davis@sunbeltfoods.example')],
      groups: [5001],
    });
    expect((await project.plan()).changes).toEqual([]);
  });

  it('bad input: an unknown dataset, an unknown column, a member that is neither a user nor a group: every problem named, nothing written', async () => {
    spec({
      datasets: {
        [SALES]: [
          {
            name: 'North',
            filters: [{ column: 'Franchize', values: ['Sunbelt Tacos North'] }],
            users: ['ghost@sunbeltfoods.example'],
            groups: ['No such group'],
          },
        ],
        'no-such-dataset': [{ name: 'South', filters: [{ column: 'Franchise', values: ['Sunbelt Tacos South'] }] }],
      },
    });
    const before = project.emulator.snapshot();
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    for (const problem of [
      `  - policy "North": filter column "Franchize" is not a column of dataset ${SALES} (its columns: Franchise, Store, Region, Month, Sales)`,
      `  - policy "North": user "ghost@sunbeltfoods.example" is neither a Domo user nor a user of this stack's DomoUsers`,
      `  - policy "North": group "No such group" is neither a Domo directory group nor a group of this stack's DomoDirectoryGroups`,
      "  - dataset no-such-dataset: Domo has no dataset with this id: check the id (the last part of the dataset's URL in Domo)",
    ])
      expect(deploy.output).toContain(problem);
    expect(deploy.output).toContain('note: nothing was written: fix these and deploy again');
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    expect(project.emulator.snapshot()).toEqual(before);
  });

  it('bad input at synth: a policy name twice fails before any request, naming construct, dataset and policy', async () => {
    spec({
      datasets: {
        [SALES]: [
          { name: 'North', filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'] }] },
          { name: 'north', filters: [{ column: 'Franchise', values: ['Sunbelt Tacos South'] }] },
        ],
      },
    });
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    expect(deploy.code).not.toBe(0);
    expect(deploy.output).toContain(
      `DomoPdpPolicies "pdp/Policies": dataset "${SALES}": policy "north" is named twice (as "North" too; Domo compares policy names ignoring case). Give each policy of a dataset its own name, or merge them.`,
    );
    expect(project.emulator.requests).toEqual([]);
  });

  it('without the public API client, the deploy fails naming the variables, before any request', async () => {
    spec({ datasets: { [SALES]: [{ name: 'Other', filters: [{ column: 'Franchise', values: ['Sunbelt Tacos South'] }] }] } });
    project.emulator.resetRequests();
    const saved = project.extraEnv;
    project.extraEnv = { ...saved, DOMO_CLIENT_ID: '', DOMO_CLIENT_SECRET: '' };
    try {
      const deploy = await project.deploy();
      expect(deploy.code).not.toBe(0);
      expect(deploy.output).toContain('the PDP policies of pdp/Policies: the environment is incomplete:');
      expect(deploy.output).toContain("  - DOMO_CLIENT_ID is empty (an API client of Domo's public API with the data scope");
      expect(deploy.output).toContain('Set them in the environment of cdktf deploy. Nothing was written.');
    } finally {
      project.extraEnv = saved;
    }
    expect(project.emulator.requests).toEqual([]);
  });
});
