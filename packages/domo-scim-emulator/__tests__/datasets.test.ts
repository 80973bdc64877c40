import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSeedFile, parseSeed, startEmulator, type RunningEmulator, type Seed } from '../src';
import { REPO_DATA } from './helpers';

const TOKEN = 'instance-token-5b1e';
const ROSTER_ID = '2f7a1c9e-roster';
const BIG_ID = '9d0c4b2a-big';
const BIG_ROWS = 20_000;
const basic = (id: string, secret: string) => `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;

/** The sample seed plus a 20,000-row dataset, a client without the data scope and one with both. */
function seed(): Seed {
  const sample = loadSeedFile(join(REPO_DATA, 'sample-seed.json'));
  return parseSeed(
    {
      ...sample,
      apiClients: [
        ...(sample.apiClients ?? []),
        { clientId: 'user-only', clientSecret: 'user-secret', scopes: ['user'] },
        { clientId: 'both', clientSecret: 'both-secret', scopes: ['data', 'user'] },
      ],
      datasets: [
        ...(sample.datasets ?? []),
        {
          id: BIG_ID,
          name: 'Big',
          columns: [
            { name: 'n', type: 'LONG' },
            { name: 'label', type: 'STRING' },
            { name: 'ratio', type: 'DOUBLE' },
            { name: 'day', type: 'DATE' },
            { name: 'at', type: 'DATETIME' },
          ],
          rows: Array.from({ length: BIG_ROWS }, (_, i) => [
            i + 1,
            i % 7 === 0 ? null : `row ${i + 1}, "quoted"`,
            i / 4,
            '2024-06-03',
            '2024-06-03T09:30:00Z',
          ]),
        },
      ],
    },
    'datasets test seed',
  );
}

let clock = Date.now();
let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ token: TOKEN, seed: seed(), oauth: { tokenLifetimeSeconds: 600, now: () => clock } });
});
afterAll(() => em.close());
beforeEach(() => {
  clock = Date.now();
  em.resetRequests();
  em.clearFaults();
});

async function http(method: string, path: string, headers: Record<string, string> = {}, body?: unknown) {
  const res = await fetch(em.url + path, {
    method,
    headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return { status: res.status, headers: res.headers, text, json: json as any };
}

async function accessToken(clientId = 'sample-client', secret = 'sample-secret', scope = 'data'): Promise<string> {
  const res = await http('POST', `/oauth/token?grant_type=client_credentials&scope=${scope}`, { authorization: basic(clientId, secret) });
  expect(res.status).toBe(200);
  return res.json.access_token as string;
}

describe('OAuth token exchange', () => {
  it('issues a bearer token for the client credentials and records the request without secrets', async () => {
    const res = await http('POST', '/oauth/token?grant_type=client_credentials&scope=data', {
      authorization: basic('sample-client', 'sample-secret'),
    });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ access_token: expect.any(String), token_type: 'bearer', expires_in: 600, scope: 'data' });
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(em.requests).toEqual([
      { method: 'POST', path: '/oauth/token', query: { grant_type: 'client_credentials', scope: 'data' }, status: 200 },
    ]);
    expect(JSON.stringify(em.requests)).not.toContain('sample-secret');
  });

  it('gives every scope of the client when none is asked for', async () => {
    const res = await http('POST', '/oauth/token?grant_type=client_credentials', { authorization: basic('both', 'both-secret') });
    expect(res.json.scope).toBe('data user');
  });

  it.each([
    ['a wrong secret', basic('sample-client', 'nope')],
    ['an unknown client', basic('ghost', 'sample-secret')],
    ['no colon', `Basic ${Buffer.from('sample-client').toString('base64')}`],
    ['a bearer token', `Bearer ${TOKEN}`],
  ])('answers 401 JSON for %s', async (_what, authorization) => {
    const res = await http('POST', '/oauth/token?grant_type=client_credentials&scope=data', { authorization });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('application/json');
    expect(res.json).toEqual({
      error: 'unauthorized',
      error_description: 'Bad credentials: send the client id and secret as HTTP Basic auth',
    });
  });

  it('refuses other grant types and scopes the client does not have', async () => {
    const auth = { authorization: basic('sample-client', 'sample-secret') };
    expect((await http('POST', '/oauth/token?grant_type=password', auth)).json).toEqual({
      error: 'unsupported_grant_type',
      error_description: 'Unsupported grant type: password',
    });
    expect((await http('POST', '/oauth/token', auth)).status).toBe(400);
    const scope = await http('POST', '/oauth/token?grant_type=client_credentials&scope=data%20audit', auth);
    expect(scope.status).toBe(400);
    expect(scope.json).toEqual({ error: 'invalid_scope', error_description: 'Invalid scope: audit (this client has: data)' });
  });
});

describe('public dataset API', () => {
  it('answers the metadata of a dataset', async () => {
    const res = await http('GET', `/v1/datasets/${ROSTER_ID}`, { authorization: `Bearer ${await accessToken()}` });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      id: ROSTER_ID,
      name: 'Franchise roster',
      rows: 12,
      columns: 9,
      schema: {
        columns: [
          { name: 'email', type: 'STRING' },
          { name: 'full_name', type: 'STRING' },
          { name: 'franchise', type: 'STRING' },
          { name: 'store_number', type: 'LONG' },
          { name: 'region', type: 'STRING' },
          { name: 'training_completed', type: 'STRING' },
          { name: 'training_score', type: 'LONG' },
          { name: 'department', type: 'STRING' },
          { name: 'role', type: 'STRING' },
        ],
      },
      pdpEnabled: false,
    });
  });

  it('says whether PDP is enabled', async () => {
    const res = await http('GET', '/v1/datasets/7c3e5a10-sales', { authorization: `Bearer ${await accessToken()}` });
    expect(res.json).toMatchObject({ id: '7c3e5a10-sales', name: 'Franchise sales', rows: 12, pdpEnabled: true });
  });

  it('exports the sample roster as the CSV it was made from, header included', async () => {
    const res = await http('GET', `/v1/datasets/${ROSTER_ID}/data?includeHeader=true&fileName=roster.csv`, {
      authorization: `Bearer ${await accessToken()}`,
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe('attachment; filename="roster.csv"');
    expect(res.text).toBe(readFileSync(join(REPO_DATA, 'franchise-roster.csv'), 'utf8'));
    expect(em.requests.at(-1)).toEqual({
      method: 'GET',
      path: `/v1/datasets/${ROSTER_ID}/data`,
      query: { includeHeader: 'true', fileName: 'roster.csv' },
      status: 200,
    });
  });

  it('leaves the header out unless asked for', async () => {
    const res = await http('GET', `/v1/datasets/${ROSTER_ID}/data`, { authorization: `Bearer ${await accessToken()}` });
    expect(res.text.split('\n')[0]).toBe(
      'maria.lopez@sunbeltfoods.example,Maria Lopez,Sunbelt Tacos North,101,Texas North,"[FS-101, FS-201]",92,Operations,Privileged',
    );
  });

  it('streams a 20,000-row export in chunks', async () => {
    const res = await fetch(`${em.url}/v1/datasets/${BIG_ID}/data?includeHeader=true`, {
      headers: { authorization: `Bearer ${await accessToken()}` },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-length')).toBeNull();
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let chunks = 0;
    let text = '';
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      chunks++;
      text += decoder.decode(r.value, { stream: true });
    }
    expect(chunks).toBeGreaterThan(1);
    const lines = text.trimEnd().split('\n');
    expect(lines).toHaveLength(BIG_ROWS + 1);
    expect(lines[0]).toBe('n,label,ratio,day,at');
    expect(lines[1]).toBe('1,,0,2024-06-03,2024-06-03T09:30:00Z');
    expect(lines[2]).toBe('2,"row 2, ""quoted""",0.25,2024-06-03,2024-06-03T09:30:00Z');
    expect(lines[BIG_ROWS]).toBe(`${BIG_ROWS},,4999.75,2024-06-03,2024-06-03T09:30:00Z`);
  });

  it('answers 404 for an unknown dataset', async () => {
    const auth = { authorization: `Bearer ${await accessToken()}` };
    for (const path of ['/v1/datasets/no-such-dataset', '/v1/datasets/no-such-dataset/data?includeHeader=true']) {
      const res = await http('GET', path, auth);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ status: 404, statusReason: 'Not Found', message: 'DataSet no-such-dataset not found' });
    }
  });

  it('answers 401 to a token without the data scope', async () => {
    const token = await accessToken('both', 'both-secret', 'user');
    const res = await http('GET', `/v1/datasets/${ROSTER_ID}/data`, { authorization: `Bearer ${token}` });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'insufficient_scope', error_description: 'Insufficient scope: the token needs the "data" scope' });
  });

  it('answers 401 to an expired token', async () => {
    const auth = { authorization: `Bearer ${await accessToken()}` };
    expect((await http('GET', `/v1/datasets/${ROSTER_ID}`, auth)).status).toBe(200);
    clock += 600_000;
    const res = await http('GET', `/v1/datasets/${ROSTER_ID}`, auth);
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ error: 'invalid_token', error_description: 'Access token expired' });
  });

  it.each([
    ['no token', {}],
    ['an unknown token', { authorization: 'Bearer not-a-token' }],
    ['the instance token', { authorization: `Bearer ${TOKEN}` }],
    ['the instance token as developer token', { 'x-domo-developer-token': TOKEN }],
  ])('answers 401 to %s', async (_what, headers: Record<string, string>) => {
    const res = await http('GET', `/v1/datasets/${ROSTER_ID}/data`, headers);
    expect(res.status).toBe(401);
    expect(res.text).not.toContain(TOKEN);
  });

  it('applies injected faults to the public API', async () => {
    const auth = { authorization: `Bearer ${await accessToken()}` };
    em.addFault({ kind: 'status', status: 503, pathPattern: '/data$', times: 1 });
    expect((await http('GET', `/v1/datasets/${ROSTER_ID}/data`, auth)).status).toBe(503);
    expect((await http('GET', `/v1/datasets/${ROSTER_ID}/data`, auth)).status).toBe(200);
  });
});

describe('SQL query API', () => {
  const query = (sql: unknown, id = ROSTER_ID, headers: Record<string, string> = { 'x-domo-developer-token': TOKEN }) =>
    http('POST', `/api/query/v1/execute/${id}`, headers, sql === undefined ? undefined : { sql });

  it('answers SELECT * with every column and row', async () => {
    const res = await query('SELECT * FROM table');
    expect(res.status).toBe(200);
    expect(res.json.columns).toEqual([
      'email',
      'full_name',
      'franchise',
      'store_number',
      'region',
      'training_completed',
      'training_score',
      'department',
      'role',
    ]);
    expect(res.json.numRows).toBe(12);
    expect(res.json.rows[3]).toEqual([
      'tom.becker@sunbeltfoods.example',
      'Tom Becker',
      'Sunbelt Tacos South',
      202,
      'Texas South',
      null,
      0,
      'Kitchen',
      'Social',
    ]);
    expect(em.requests.at(-1)).toEqual({
      method: 'POST',
      path: `/api/query/v1/execute/${ROSTER_ID}`,
      query: {},
      status: 200,
      body: { sql: 'SELECT * FROM table' },
    });
  });

  it('selects named columns, bare or back-quoted, with the bearer form of the token too', async () => {
    const res = await query('select email, `store_number` from table limit 2', ROSTER_ID, { authorization: `Bearer ${TOKEN}` });
    expect(res.json).toEqual({
      datasource: ROSTER_ID,
      columns: ['email', 'store_number'],
      rows: [
        ['maria.lopez@sunbeltfoods.example', 101],
        ['james.chen@sunbeltfoods.example', 102],
      ],
      numRows: 2,
      numColumns: 2,
      fromcache: false,
    });
  });

  it('pages with LIMIT and OFFSET', async () => {
    const pages: unknown[][] = [];
    for (let offset = 0; ; offset += 7_000) {
      const res = await query(`SELECT * FROM table LIMIT 7000 OFFSET ${offset};`, BIG_ID);
      pages.push(res.json.rows);
      if (res.json.numRows < 7000) break;
    }
    expect(pages.map((p) => p.length)).toEqual([7000, 7000, 6000]);
    expect(pages.flat().map((r) => (r as unknown[])[0])).toEqual(Array.from({ length: BIG_ROWS }, (_, i) => i + 1));
    expect((await query('SELECT n FROM table LIMIT 5 OFFSET 20000', BIG_ID)).json.rows).toEqual([]);
  });

  it.each([
    [
      'DELETE FROM table',
      'Unsupported SQL: the local service understands only SELECT * | col1, col2 | COUNT(*) FROM table [ORDER BY col1, col2] [LIMIT n [OFFSET m]]; got "DELETE FROM table"',
    ],
    [
      'SELECT * FROM table WHERE region = 1',
      'Unsupported SQL: the local service understands only SELECT * | col1, col2 | COUNT(*) FROM table [ORDER BY col1, col2] [LIMIT n [OFFSET m]]; got "SELECT * FROM table WHERE region = 1"',
    ],
    [
      'SELECT * FROM roster',
      'Unknown table roster: the dataset is always called "table", as in SELECT * | col1, col2 | COUNT(*) FROM table [ORDER BY col1, col2] [LIMIT n [OFFSET m]]',
    ],
    [
      'SELECT email, emial FROM table',
      "Unknown column 'emial' in 'field list'; the dataset's columns are: email, full_name, franchise, store_number, region, training_completed, training_score, department, role",
    ],
    [
      'SELECT email, * FROM table',
      '"*" cannot be mixed with column names; use SELECT * | col1, col2 | COUNT(*) FROM table [ORDER BY col1, col2] [LIMIT n [OFFSET m]]',
    ],
  ])('answers 400 to %s', async (sql, message) => {
    const res = await query(sql);
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ status: 400, statusReason: 'Bad Request', message });
  });

  it('answers 400 without a sql string, 404 for an unknown dataset, 401 without the instance token', async () => {
    expect((await query(undefined)).json.message).toBe('The body must be JSON such as {"sql": "SELECT * FROM table"}');
    expect((await query('SELECT * FROM table', 'nope')).status).toBe(404);
    expect((await query('SELECT * FROM table', ROSTER_ID, {})).status).toBe(401);
    expect((await query('SELECT * FROM table', ROSTER_ID, { authorization: `Bearer ${await accessToken()}` })).status).toBe(401);
  });
});

describe('dataset and API client seeds', () => {
  it('round-trip through a snapshot', () => {
    const s = seed();
    expect(em.snapshot().datasets).toEqual(s.datasets);
    expect(em.snapshot().apiClients).toEqual(s.apiClients);
  });

  it('are checked: cell types, row lengths, unique ids and columns', () => {
    const bad = {
      apiClients: [
        { clientId: 'a', clientSecret: 's' },
        { clientId: 'a', clientSecret: 't' },
      ],
      datasets: [
        {
          id: 'ds-1',
          name: 'x',
          columns: [
            { name: 'n', type: 'LONG' },
            { name: 'n', type: 'DATE' },
          ],
          rows: [[1.5, '2024-01-01'], [1], [null, '03/06/2024']],
        },
        { id: 'ds-1', name: 'y', columns: [{ name: 'a', type: 'STRING' }] },
      ],
    };
    expect(() => parseSeed(bad, 'bad.json')).toThrow(
      [
        'bad.json: invalid seed:',
        '✖ duplicate clientId "a"',
        '  → at apiClients[1].clientId',
        '✖ duplicate id "ds-1"',
        '  → at datasets[1].id',
        '✖ has 1 cells; expected 2, one per column',
        '  → at datasets[0].rows[1]',
        '✖ duplicate column "n"',
        '  → at datasets[0].columns[1].name',
        '✖ column "n" is LONG: expected a whole number or null, got 1.5',
        '  → at datasets[0].rows[0][0]',
        '✖ column "n" is DATE: expected a date as YYYY-MM-DD or null, got "03/06/2024"',
        '  → at datasets[0].rows[2][1]',
      ].join('\n'),
    );
    expect(parseSeed({ apiClients: [{ clientId: 'c', clientSecret: 's' }] }, 'x').apiClients).toEqual([
      { clientId: 'c', clientSecret: 's', scopes: ['data'] },
    ]);
  });
});
