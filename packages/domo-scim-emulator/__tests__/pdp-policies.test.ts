import { join } from 'node:path';
import { EmulatorStore, loadSeedFile, parseSeed, startEmulator, type RunningEmulator, type Seed } from '../src';
import { call, REPO_DATA, TEST_GROUPS } from './helpers';

const TOKEN = 'instance-token-pdp';
const SALES = '7c3e5a10-sales';
const ROSTER = '2f7a1c9e-roster';
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
const ALL_ROWS = { id: 1, type: 'system', name: 'All Rows', filters: [], users: [], groups: [] };

/** The sample seed (sales with PDP, roster without) plus groups and a client without the data scope. */
function seed(): Seed {
  const sample = loadSeedFile(join(REPO_DATA, 'sample-seed.json'));
  return parseSeed(
    {
      ...sample,
      groups: TEST_GROUPS,
      apiClients: [...(sample.apiClients ?? []), { clientId: 'user-only', clientSecret: 'user-secret', scopes: ['user'] }],
    },
    'pdp test seed',
  );
}

let em: RunningEmulator;
let bearer: string;
beforeEach(async () => {
  em = await startEmulator({ token: TOKEN, seed: seed() });
  bearer = await accessToken('sample-client', 'sample-secret', 'data');
  em.resetRequests();
});
afterEach(() => em.close());

async function accessToken(clientId: string, secret: string, scope: string): Promise<string> {
  const res = await call(em.url, 'POST', `/oauth/token?grant_type=client_credentials&scope=${scope}`, {
    auth: false,
    headers: { authorization: basic(clientId, secret) },
  });
  return res.json.access_token as string;
}

const api = (method: string, path: string, body?: unknown) =>
  call(em.url, method, `/v1/datasets${path}`, {
    auth: false,
    body,
    headers: { authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
  });

const franchise = (name: string, values: string[], extra: Record<string, unknown> = {}) => ({
  name,
  filters: [{ column: 'Franchise', values, operator: 'EQUALS' }],
  ...extra,
});

describe('GET /v1/datasets/{id}/policies', () => {
  it('lists the All Rows policy of a dataset with PDP enabled', async () => {
    const res = await api('GET', `/${SALES}/policies`);
    expect([res.status, res.json]).toEqual([200, [ALL_ROWS]]);
  });

  it('lists nothing for a dataset without PDP, and 404 for an unknown dataset', async () => {
    expect((await api('GET', `/${ROSTER}/policies`)).json).toEqual([]);
    const missing = await api('GET', '/nope/policies');
    expect([missing.status, missing.json.message]).toEqual([404, 'DataSet nope not found']);
  });

  it('pages with offset and limit', async () => {
    await api('POST', `/${SALES}/policies`, franchise('North', ['Sunbelt Tacos North']));
    await api('POST', `/${SALES}/policies`, franchise('South', ['Sunbelt Tacos South']));
    expect((await api('GET', `/${SALES}/policies?offset=1&limit=1`)).json.map((p: { name: string }) => p.name)).toEqual(['North']);
    expect((await api('GET', `/${SALES}/policies?offset=2`)).json.map((p: { name: string }) => p.name)).toEqual(['South']);
    expect((await api('GET', `/${SALES}/policies?limit=-1`)).status).toBe(400);
  });
});

describe('POST /v1/datasets/{id}/policies', () => {
  it('creates a user policy (201) with the next id and not defaulted to false; the request log has it', async () => {
    const res = await api(
      'POST',
      `/${SALES}/policies`,
      franchise('Sunbelt Tacos, Express', ['Sunbelt Tacos, Express'], { users: [1007, 1011], groups: [5001], id: 0 }),
    );
    expect(res.status).toBe(201);
    const created = {
      id: 2,
      type: 'user',
      name: 'Sunbelt Tacos, Express',
      filters: [{ column: 'Franchise', values: ['Sunbelt Tacos, Express'], operator: 'EQUALS', not: false }],
      users: [1007, 1011],
      groups: [5001],
    };
    expect(res.json).toEqual(created);
    expect((await api('GET', `/${SALES}/policies/2`)).json).toEqual(created);
    expect((await api('GET', `/${SALES}/policies`)).json).toEqual([ALL_ROWS, created]);
    expect(em.requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ['POST', `/v1/datasets/${SALES}/policies`, 201],
      ['GET', `/v1/datasets/${SALES}/policies/2`, 200],
      ['GET', `/v1/datasets/${SALES}/policies`, 200],
    ]);
    expect(em.snapshot().datasets!.find((d) => d.id === SALES)!.policies).toEqual([ALL_ROWS, created]);
  });

  it('takes the operators it documents, and not: true', async () => {
    const res = await api('POST', `/${SALES}/policies`, {
      name: 'Not Gulf',
      filters: [
        { column: 'Franchise', values: ['Gulf Coast Grill'], operator: 'EQUALS', not: true },
        { column: 'Region', values: ['Gulf Coast'], operator: 'NOT_EQUALS' },
        { column: 'Sales', values: ['1000'], operator: 'GREAT_THAN_EQUALS_TO' },
      ],
    });
    expect(res.status).toBe(201);
    expect(res.json.filters.map((f: { not: boolean }) => f.not)).toEqual([true, false, false]);
  });

  it('answers 400 naming every unknown column, user and group, and changes nothing', async () => {
    const res = await api('POST', `/${SALES}/policies`, {
      name: 'Bad',
      filters: [
        { column: 'franchise', values: ['x'], operator: 'EQUALS' },
        { column: 'Store Name', values: ['x'], operator: 'EQUALS' },
      ],
      users: [1001, 99, 98],
      groups: [5001, 7777],
    });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      status: 400,
      statusReason: 'Bad Request',
      message:
        `Policy "Bad" of dataset ${SALES}: unknown column(s) "franchise", "Store Name" (the dataset's columns: Franchise, Store, Region, Month, Sales); ` +
        'unknown user id(s) 99, 98; unknown group id(s) 7777. Nothing was changed.',
    });
    expect((await api('GET', `/${SALES}/policies`)).json).toEqual([ALL_ROWS]);
  });

  it.each([
    ['a name already used', 'North'],
    ['a name differing only in case', 'NORTH'],
    ['the system policy name', 'all rows'],
  ])('answers 409 for %s', async (_what, name) => {
    await api('POST', `/${SALES}/policies`, franchise('North', ['Sunbelt Tacos North']));
    const res = await api('POST', `/${SALES}/policies`, franchise(name, ['Sunbelt Tacos South']));
    expect(res.status).toBe(409);
    expect(res.json.message).toMatch(
      /^Dataset 7c3e5a10-sales already has a policy named "(North|All Rows)" \(policy \d\); policy names are unique per dataset$/,
    );
    expect((await api('GET', `/${SALES}/policies`)).json).toHaveLength(2);
  });

  it.each([
    ['no name', { filters: [] }, /name/],
    ['a blank name', { name: ' ' }, /must not be blank/],
    ['an unknown operator', franchise('x', ['a'], { filters: [{ column: 'Franchise', values: ['a'], operator: 'MATCHES' }] }), /operator/],
    ['a number among values', { name: 'x', filters: [{ column: 'Store', values: [101], operator: 'EQUALS' }] }, /values/],
    ['no values', { name: 'x', filters: [{ column: 'Store', values: [], operator: 'EQUALS' }] }, /values/],
    ['user ids as strings', { name: 'x', users: ['1001'] }, /users/],
    ['a system policy', { name: 'x', type: 'system' }, /only "user" policies can be written/],
    ['an unknown field', { name: 'x', virtualUsers: [] }, /virtualUsers/],
  ])('answers 400 for %s', async (_what, body, message) => {
    const res = await api('POST', `/${SALES}/policies`, body);
    expect(res.status).toBe(400);
    expect(res.json.message).toMatch(/^Invalid policy:/);
    expect(res.json.message).toMatch(message);
  });

  it('answers 400 on a dataset without PDP and 404 on an unknown dataset', async () => {
    const off = await api('POST', `/${ROSTER}/policies`, {
      name: 'x',
      filters: [{ column: 'franchise', values: ['a'], operator: 'EQUALS' }],
    });
    expect([off.status, off.json.message]).toEqual([
      400,
      `Personalized Data Permissions are not enabled on dataset ${ROSTER}: enable PDP on the dataset in Domo first; nothing was changed.`,
    ]);
    expect((await api('POST', '/nope/policies', { name: 'x' })).status).toBe(404);
  });
});

describe('GET, PUT and DELETE /v1/datasets/{id}/policies/{pdp_id}', () => {
  let id: number;
  beforeEach(async () => {
    id = (await api('POST', `/${SALES}/policies`, franchise('North', ['Sunbelt Tacos North'], { users: [1003], groups: [5001] }))).json.id;
  });

  it('PUT replaces the fields it sends and keeps the others', async () => {
    const res = await api('PUT', `/${SALES}/policies/${id}`, { name: 'North stores', users: [1002, 1008] });
    expect([res.status, res.json]).toEqual([
      200,
      {
        id,
        type: 'user',
        name: 'North stores',
        filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North'], operator: 'EQUALS', not: false }],
        users: [1002, 1008],
        groups: [5001],
      },
    ]);
    expect((await api('GET', `/${SALES}/policies/${id}`)).json.name).toBe('North stores');
  });

  it('PUT validates like POST and changes nothing when refused', async () => {
    const before = (await api('GET', `/${SALES}/policies/${id}`)).json;
    const unknown = await api('PUT', `/${SALES}/policies/${id}`, {
      groups: [42],
      filters: [{ column: 'Zone', values: ['a'], operator: 'EQUALS' }],
    });
    expect([unknown.status, unknown.json.message]).toEqual([
      400,
      `Policy "North" of dataset ${SALES}: unknown column(s) "Zone" (the dataset's columns: Franchise, Store, Region, Month, Sales); unknown group id(s) 42. Nothing was changed.`,
    ]);
    await api('POST', `/${SALES}/policies`, franchise('South', ['Sunbelt Tacos South']));
    expect((await api('PUT', `/${SALES}/policies/${id}`, { name: 'south' })).status).toBe(409);
    expect((await api('PUT', `/${SALES}/policies/${id}`, { name: 'North' })).status).toBe(200);
    expect((await api('PUT', `/${SALES}/policies/${id}`, { type: 'system' })).status).toBe(400);
    expect((await api('GET', `/${SALES}/policies/${id}`)).json).toEqual(before);
  });

  it('DELETE answers 204, then the policy is gone', async () => {
    expect((await api('DELETE', `/${SALES}/policies/${id}`)).status).toBe(204);
    expect((await api('GET', `/${SALES}/policies/${id}`)).status).toBe(404);
    expect((await api('DELETE', `/${SALES}/policies/${id}`)).status).toBe(404);
    expect((await api('GET', `/${SALES}/policies`)).json).toEqual([ALL_ROWS]);
  });

  it.each([
    ['PUT', { name: 'Everything' }],
    ['DELETE', undefined],
  ])('%s of the All Rows policy answers 403 and changes nothing', async (method, body) => {
    const res = await api(method, `/${SALES}/policies/1`, body);
    expect([res.status, res.json.message]).toEqual([
      403,
      `Policy 1 is the system "All Rows" policy of dataset ${SALES}: it cannot be changed or deleted`,
    ]);
    expect((await api('GET', `/${SALES}/policies/1`)).json).toEqual(ALL_ROWS);
  });

  it.each([['99'], ['abc']])('answers 404 for policy %s', async (pdpId) => {
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const res = await api(method, `/${SALES}/policies/${pdpId}`, method === 'PUT' ? { name: 'x' } : undefined);
      expect([res.status, res.json.message]).toEqual([404, `Policy ${pdpId} not found on dataset ${SALES}`]);
    }
  });

  it('a policy of one dataset is not found under another', async () => {
    expect((await api('GET', `/${ROSTER}/policies/${id}`)).status).toBe(404);
  });

  it('users and groups deleted through SCIM leave the policies', async () => {
    await call(`${em.scimUrl}`, 'DELETE', '/Users/1003', { headers: { authorization: `Bearer ${TOKEN}` }, auth: false });
    await call(`${em.scimUrl}`, 'DELETE', '/Groups/5001', { headers: { authorization: `Bearer ${TOKEN}` }, auth: false });
    expect((await api('GET', `/${SALES}/policies/${id}`)).json).toMatchObject({ users: [], groups: [] });
  });
});

describe('auth', () => {
  it.each([
    ['no token', {}, 'unauthorized'],
    ['the instance token', { authorization: `Bearer ${TOKEN}` }, 'invalid_token'],
  ])('answers 401 for %s', async (_what, headers, error) => {
    const res = await call(em.url, 'GET', `/v1/datasets/${SALES}/policies`, { auth: false, headers });
    expect([res.status, res.json.error]).toEqual([401, error]);
    expect(em.requests.at(-1)).toMatchObject({ method: 'GET', path: `/v1/datasets/${SALES}/policies`, status: 401 });
  });

  it('answers 401 insufficient_scope for a token without the data scope, and changes nothing', async () => {
    bearer = await accessToken('user-only', 'user-secret', 'user');
    const res = await api('POST', `/${SALES}/policies`, franchise('North', ['Sunbelt Tacos North']));
    expect([res.status, res.json.error]).toEqual([401, 'insufficient_scope']);
    expect(em.store.policies(SALES)).toEqual([ALL_ROWS]);
  });
});

describe('seed', () => {
  const dataset = (extra: Record<string, unknown>) => ({
    users: [{ id: '1001', userName: 'a@acme.example' }],
    groups: [{ id: '5001', displayName: 'G', members: [] }],
    datasets: [{ id: 'ds', name: 'DS', columns: [{ name: 'Franchise', type: 'STRING' }], ...extra }],
  });

  it('gives a dataset with PDP enabled its All Rows policy, after the seed policy ids', () => {
    const store = new EmulatorStore({
      seed: parseSeed(dataset({ pdpEnabled: true, policies: [{ id: 7, name: 'Mine', users: [1001] }] }), 'inline'),
    });
    expect(store.policies('ds')).toEqual([
      { id: 7, type: 'user', name: 'Mine', filters: [], users: [1001], groups: [] },
      { id: 8, type: 'system', name: 'All Rows', filters: [], users: [], groups: [] },
    ]);
    expect(store.snapshot().datasets![0]!.policies).toHaveLength(2);
  });

  it.each([
    [{ policies: [{ id: 1, name: 'x' }] }, 'policies need "pdpEnabled": true'],
    [
      { pdpEnabled: true, policies: [{ id: 1, name: 'x', filters: [{ column: 'Zone', values: ['a'], operator: 'EQUALS' }] }] },
      'unknown column(s) "Zone"',
    ],
    [{ pdpEnabled: true, policies: [{ id: 1, name: 'x', users: [2], groups: [5001, 6] }] }, 'unknown user id(s) 2'],
    [{ pdpEnabled: true, policies: [{ id: 1, name: 'x', groups: [6] }] }, 'unknown group id(s) 6'],
    [
      {
        pdpEnabled: true,
        policies: [
          { id: 1, name: 'x' },
          { id: 1, name: 'y' },
        ],
      },
      'duplicate policy id 1',
    ],
    [
      {
        pdpEnabled: true,
        policies: [
          { id: 1, name: 'x' },
          { id: 2, name: 'X' },
        ],
      },
      'duplicate policy name "X"',
    ],
    [{ pdpEnabled: true, policies: [{ id: 1, type: 'system', name: 'Everything' }] }, 'one system policy, named "All Rows"'],
  ])('refuses %j', (extra, message) => {
    expect(() => parseSeed(dataset(extra), 'inline')).toThrow(message);
  });
});
