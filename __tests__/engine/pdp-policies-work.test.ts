import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { type DesiredGroup } from '../../src/kinds/directory-groups/model';
import { datasetPolicyKey, normalizePolicy, type DesiredPdpPolicy } from '../../src/kinds/pdp-policies/model';
import { EngineFixture, lines, type FixtureConstruct } from '../support/engine-fixture';
import { groupKey } from '../../src/model/identity';

const TOKEN = 'pdp-engine-token';
const PATH = 'test/Policies';
const GROUPS = 'test/Groups';
const SALES = '7c3e5a10-sales';
const CLIENT = { DOMO_CLIENT_ID: 'pdp-client', DOMO_CLIENT_SECRET: 'pdp-secret-7f2c' };

const policy = (name: string, franchise: string[], members: { users?: string[]; groups?: string[] } = {}): DesiredPdpPolicy =>
  normalizePolicy({
    name,
    allRows: false,
    filters: [{ column: 'Franchise', values: franchise, operator: 'EQUALS', not: false }],
    users: members.users ?? [],
    groups: members.groups ?? [],
  });

function policies(datasets: Record<string, DesiredPdpPolicy[]>, removalPolicy: 'retain' | 'delete' = 'retain'): FixtureConstruct {
  return {
    path: PATH,
    kind: 'pdp-policies',
    construct: {
      removalPolicy,
      desiredPolicies: Object.entries(datasets).flatMap(([d, list]) => list.map((p) => datasetPolicyKey(d, p.name))),
    },
    instances: new Map(Object.entries(datasets).map(([dataset, list]) => [dataset, { dataset, policies: list }])),
  };
}

function groups(list: DesiredGroup[]): FixtureConstruct {
  return {
    path: GROUPS,
    kind: 'directory-groups',
    construct: { membership: 'authoritative', removalPolicy: 'retain', desiredGroups: list.map((g) => groupKey(g.displayName)) },
    instances: new Map(list.map((group) => [group.displayName, { group }])),
  };
}

const SEED = {
  users: [
    { id: '1001', userName: 'jane@acme.com' },
    { id: '1002', userName: 'bob@acme.com' },
    { id: '1003', userName: 'amy@acme.com' },
  ],
  groups: [{ id: '5001', displayName: 'Franchise - North', members: ['1001'] }],
  apiClients: [{ clientId: CLIENT.DOMO_CLIENT_ID, clientSecret: CLIENT.DOMO_CLIENT_SECRET }],
  datasets: [
    {
      id: SALES,
      name: 'Sales',
      pdpEnabled: true,
      columns: [
        { name: 'Franchise', type: 'STRING' },
        { name: 'Sales', type: 'DOUBLE' },
      ],
      rows: [],
      policies: [
        { id: 1, type: 'system', name: 'All Rows' },
        { id: 7, name: 'Hand made', users: [1003], filters: [{ column: 'Franchise', values: ['West'], operator: 'EQUALS' }] },
      ],
    },
    { id: 'no-pdp', name: 'Plain', columns: [{ name: 'Franchise', type: 'STRING' }], rows: [] },
  ],
};

describe('PDP policy work in the engine, against the local service', () => {
  let emulator: RunningEmulator;
  let fixture: EngineFixture;
  const livePolicies = (dataset = SALES) => emulator.store.policies(dataset);
  const named = (name: string) => livePolicies().find((p) => p.name === name);
  const calls = () => emulator.requests.map((r) => `${r.method} ${r.path}`);
  const writes = () => emulator.requests.filter((r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && r.path !== '/oauth/token');
  const stack = (constructs: FixtureConstruct[], env: Record<string, string> = {}) => {
    fixture = new EngineFixture({ url: emulator.scimUrl, authScheme: 'bearer' }, TOKEN, constructs, {
      ...CLIENT,
      DOMO_API_HOST: emulator.url,
      ...env,
    });
  };

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: Seed.parse(SEED) });
  });
  afterEach(async () => {
    await fixture?.close();
    await emulator.close();
  });

  it('creates each policy once with member ids, reads it back, and a second run writes nothing', async () => {
    stack([policies({ [SALES]: [policy('North', ['Sunbelt Tacos North'], { groups: ['Franchise - North'], users: ['Bob@acme.com'] })] })]);
    const verdict = await fixture.create(PATH, SALES);
    expect(lines(verdict)).toEqual([
      `domo-identity: test/Policies dataset "${SALES}": 1 checked, 1 created`,
      '  created policy "North": rows "Franchise" = "Sunbelt Tacos North"; users Bob@acme.com; groups Franchise - North',
    ]);
    expect(named('North')).toEqual({
      id: 8,
      type: 'user',
      name: 'North',
      filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'], operator: 'EQUALS', not: false }],
      users: [1002],
      groups: [5001],
    });
    expect(calls()).toEqual([
      'POST /oauth/token',
      `GET /v1/datasets/${SALES}`,
      'GET /Users',
      'GET /Groups',
      `GET /v1/datasets/${SALES}/policies`,
      `POST /v1/datasets/${SALES}/policies`,
      `GET /v1/datasets/${SALES}/policies/8`,
    ]);
    emulator.resetRequests();
    stack([policies({ [SALES]: [policy('North', ['Sunbelt Tacos North'], { groups: ['Franchise - North'], users: ['Bob@acme.com'] })] })]);
    expect(lines(await fixture.create(PATH, SALES))).toEqual([`domo-identity: test/Policies dataset "${SALES}": 1 checked, 1 unchanged`]);
    expect(writes()).toEqual([]);
  });

  it('keeps the id and repairs a policy edited by hand with one PUT: a filter value and a member added by hand are removed', async () => {
    const north = policy('North', ['Sunbelt Tacos North'], { groups: ['Franchise - North'] });
    stack([policies({ [SALES]: [north] })]);
    await fixture.create(PATH, SALES);
    const id = named('North')!.id;
    emulator.store.putPolicy(SALES, {
      ...named('North')!,
      filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North', 'Gulf Coast Grill'], operator: 'EQUALS', not: false }],
      users: [1003],
    });
    emulator.resetRequests();
    stack([policies({ [SALES]: [north] })]);
    expect(lines(await fixture.create(PATH, SALES))).toEqual([
      `domo-identity: test/Policies dataset "${SALES}": 1 checked, 1 updated`,
      '  updated policy "North": rows "Franchise" in ("Gulf Coast Grill", "Sunbelt Tacos North") -> "Franchise" = "Sunbelt Tacos North"; users -1 (id 1003)',
    ]);
    expect(writes().map((r) => [`${r.method} ${r.path}`, r.body])).toEqual([
      [
        `PUT /v1/datasets/${SALES}/policies/${id}`,
        {
          type: 'user',
          name: 'North',
          filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'], operator: 'EQUALS', not: false }],
          users: [],
          groups: [5001],
        },
      ],
    ]);
    expect(named('North')).toMatchObject({ id, users: [], filters: [expect.objectContaining({ values: ['Sunbelt Tacos North'] })] });
    // Never touched: the system policy and the one nobody manages.
    expect(named('All Rows')).toEqual({ id: 1, type: 'system', name: 'All Rows', filters: [], users: [], groups: [] });
    expect(named('Hand made')).toMatchObject({ id: 7, users: [1003] });
  });

  it('bad input: every problem at once, named by policy, and nothing written', async () => {
    stack([
      policies({
        [SALES]: [
          {
            ...policy('North', ['N'], { users: ['ghost@acme.com'], groups: ['Nobody'] }),
            filters: [{ column: 'Franchize', values: ['N'], operator: 'EQUALS', not: false }],
          },
        ],
        'no-such-dataset': [policy('South', ['S'])],
      }),
    ]);
    const bad = await fixture.create(PATH, SALES);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toEqual([
      `domo-identity: test/Policies dataset "${SALES}": 3 failed (the dataset is reconciled again on the next deploy):`,
      '  - policy "North": filter column "Franchize" is not a column of dataset 7c3e5a10-sales (its columns: Franchise, Sales)',
      `  - policy "North": user "ghost@acme.com" is neither a Domo user nor a user of this stack's DomoUsers`,
      `  - policy "North": group "Nobody" is neither a Domo directory group nor a group of this stack's DomoDirectoryGroups`,
    ]);
    expect(bad.stdout).toContain('note: nothing was written: fix these and deploy again');
    const unknown = await fixture.create(PATH, 'no-such-dataset');
    expect(unknown.stderr).toContain(
      "  - dataset no-such-dataset: Domo has no dataset with this id: check the id (the last part of the dataset's URL in Domo)",
    );
    await fixture.close();
    stack([policies({ 'no-pdp': [policy('South', ['S'])] })]);
    expect((await fixture.create(PATH, 'no-pdp')).stderr).toContain(
      '  - dataset no-pdp: Personalized Data Permissions are not enabled on this dataset: enable PDP on it in Domo first',
    );
    expect(writes()).toEqual([]);
  });

  it('without the public API client, every instance of the stack fails naming the variables, before any request', async () => {
    stack([policies({ [SALES]: [policy('North', ['N'])] }), groups([{ displayName: 'Ops', members: ['jane@acme.com'] }])], {
      DOMO_CLIENT_ID: '',
      DOMO_CLIENT_SECRET: '',
    });
    const expected = [
      'domo-identity: test/Policies dataset "7c3e5a10-sales": the PDP policies of test/Policies: the environment is incomplete:',
      "  - DOMO_CLIENT_ID is empty (an API client of Domo's public API with the data scope)",
      '  - DOMO_CLIENT_SECRET is empty (the secret of the API client DOMO_CLIENT_ID)',
      'Set them in the environment of cdktf deploy. Nothing was written.',
    ].join('\n');
    expect((await fixture.create(PATH, SALES)).stderr.trim()).toBe(expected);
    expect((await fixture.create(GROUPS, 'Ops')).stderr).toContain('the PDP policies of test/Policies: the environment is incomplete:');
    expect(emulator.requests).toEqual([]);
  });

  it("creates a group the stack's DomoDirectoryGroups manage first, once, whichever instance runs first", async () => {
    const ops: DesiredGroup = { displayName: 'Ops', description: 'Operations', members: ['jane@acme.com', 'amy@acme.com'] };
    stack([policies({ [SALES]: [policy('Ops rows', ['N'], { groups: ['OPS'] })] }), groups([ops])]);
    const [policyVerdict, groupVerdict] = await Promise.all([fixture.create(PATH, SALES), fixture.create(GROUPS, 'Ops')]);
    expect(policyVerdict.code).toBe(0);
    expect(groupVerdict.code).toBe(0);
    const created = emulator.store.findGroupByDisplayName('Ops')!;
    expect(created).toMatchObject({ description: 'Operations', members: ['1001', '1003'] });
    expect(emulator.requests.filter((r) => r.method === 'POST' && r.path === '/Groups')).toHaveLength(1);
    expect(named('Ops rows')!.groups).toEqual([Number(created.id)]);
  });

  it('a POST answered 503 after Domo created the policy is adopted, never created twice', async () => {
    emulator.addFault({
      kind: 'error-after-apply',
      status: 503,
      method: 'POST',
      pathPattern: `^/v1/datasets/${SALES}/policies$`,
      times: 1,
    });
    stack([policies({ [SALES]: [policy('North', ['N'])] })]);
    expect((await fixture.create(PATH, SALES)).code).toBe(0);
    expect(livePolicies().filter((p) => p.name === 'North')).toHaveLength(1);
  });

  it('removal: keeps desired policies, retains or deletes the others; never the system policy', async () => {
    stack([policies({ [SALES]: [policy('North', ['N']), policy('South', ['S'])] })]);
    await fixture.create(PATH, SALES);
    const arg = JSON.stringify(['North/rows', 'South/rows']);
    await fixture.close();
    stack([policies({ [SALES]: [policy('North', ['N'])] })]);
    expect(lines(await fixture.destroy(PATH, SALES, arg))).toEqual([
      `domo-identity: test/Policies dataset "${SALES}" (removal policy retain): 2 checked, 1 kept, 1 retained`,
    ]);
    expect(named('South')).toBeDefined();
    await fixture.close();
    stack([policies({ [SALES]: [policy('North', ['N'])] }, 'delete')]);
    const southId = named('South')!.id;
    expect(lines(await fixture.destroy(PATH, SALES, arg))).toEqual([
      `domo-identity: test/Policies dataset "${SALES}" (removal policy delete): 2 checked, 1 kept, 1 deleted`,
      `  deleted policy "South": policy ${southId} deleted`,
    ]);
    expect(named('South')).toBeUndefined();
    expect(lines(await fixture.destroy(PATH, SALES, JSON.stringify(['South/rows', 'All Rows/rows'])))).toEqual([
      `domo-identity: test/Policies dataset "${SALES}" (removal policy delete): 2 checked, 2 absent`,
    ]);
    expect(named('All Rows')).toBeDefined();
  });
});
