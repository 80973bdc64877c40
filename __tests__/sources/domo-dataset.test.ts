import { join } from 'node:path';
import { ConfigError, InputError, InputErrors } from '../../src/errors';
import { loadSeedFile, parseSeed, startEmulator, type RunningEmulator, type Seed } from 'domo-scim-emulator';
import { datasetAuthFromEnv, readCsvFile, readDomoDataset, type DomoDatasetAuth, type DomoDatasetOptions } from '../../src/sources';
import { canonicalCsvCell } from '../../src/sources/domo-dataset-rows';

const TOKEN = 'dev-token-31c9aa70';
const SECRET = 'sample-secret';
const ROOT = join(__dirname, '..', '..');
const ROSTER_ID = '2f7a1c9e-roster';
const TYPED_ID = '51d2e0aa-typed';
const BIG_ID = '77b3f1c0-big';
const BIG_ROWS = 20_001;
const ROSTER_COLUMNS = [
  'email',
  'full_name',
  'franchise',
  'store_number',
  'region',
  'training_completed',
  'training_score',
  'department',
  'role',
];

function seed(): Seed {
  const sample = loadSeedFile(join(ROOT, 'data', 'sample-seed.json'));
  return parseSeed(
    {
      ...sample,
      apiClients: [...(sample.apiClients ?? []), { clientId: 'no-data', clientSecret: 'no-data-secret', scopes: ['user'] }],
      datasets: [
        ...(sample.datasets ?? []),
        {
          id: TYPED_ID,
          name: 'Typed',
          columns: [
            { name: 'id', type: 'LONG' },
            { name: 'ratio', type: 'DOUBLE' },
            { name: 'day', type: 'DATE' },
            { name: 'at', type: 'DATETIME' },
            { name: 'note', type: 'STRING' },
          ],
          rows: [
            [101, 1.5, '2024-06-03', '2024-06-03T09:30:00Z', 'line one\nline "two"'],
            [-7, 0.1, null, null, null],
            [null, null, '2024-12-31', '2024-12-31 23:59:59', '  padded  '],
          ],
        },
        {
          id: BIG_ID,
          name: 'Big',
          columns: [
            { name: 'n', type: 'LONG' },
            { name: 'email', type: 'STRING' },
          ],
          rows: Array.from({ length: BIG_ROWS }, (_, i) => [i + 1, `user${i + 1}@example.com`]),
        },
      ],
    },
    'domo-dataset test seed',
  );
}

let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ token: TOKEN, seed: seed() });
});
afterAll(() => em.close());
beforeEach(() => {
  em.resetRequests();
  em.clearFaults();
});

const clientAuth = (): DomoDatasetAuth => ({
  kind: 'client-credentials',
  clientId: 'sample-client',
  clientSecret: SECRET,
  apiHost: em.url,
});
const tokenAuth = (): DomoDatasetAuth => ({ kind: 'developer-token', token: TOKEN, instanceUrl: em.url });
const AUTHS: [string, () => DomoDatasetAuth][] = [
  ['client credentials', clientAuth],
  ['a developer token', tokenAuth],
];
const read = (options: Partial<DomoDatasetOptions> & Pick<DomoDatasetOptions, 'auth'>) =>
  readDomoDataset({ datasetId: ROSTER_ID, sleep: async () => {}, ...options });

/** Rows' values in a fixed order, to compare reads whose row order differs. */
const sortedValues = (rows: ReadonlyArray<{ values: Record<string, string> }>) => rows.map((r) => JSON.stringify(r.values)).sort();

/** What went wrong, for assertions on errors that must never carry a secret. */
async function failure(p: Promise<unknown>): Promise<Error> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err as Error,
  );
  if (e === undefined) throw new Error('expected the read to fail');
  const seen = [e.message, e.stack, String((e as { cause?: unknown }).cause), JSON.stringify(e)].join('\n');
  for (const secret of [SECRET, TOKEN, Buffer.from(`sample-client:${SECRET}`).toString('base64')]) expect(seen).not.toContain(secret);
  return e;
}

describe.each(AUTHS)('readDomoDataset with %s', (_name, auth) => {
  it('reads the sample roster exactly as the CSV file it was made from', async () => {
    const ds = await read({ auth: auth() });
    const csv = readCsvFile(join(ROOT, 'data', 'franchise-roster.csv'));
    expect(ds.source).toBe(`dataset:${ROSTER_ID}`);
    expect(ds.columns).toEqual(ROSTER_COLUMNS);
    // The export keeps the dataset's order; the query API reads in the order of every column (stable pages).
    expect(sortedValues(ds.rows)).toEqual(sortedValues(csv.rows));
    expect(ds.rows.map((r) => [r.row, r.line])).toEqual(csv.rows.map((r) => [r.row, r.line]));
    expect(ds.rows.map((r) => r.values)).toContainEqual(
      expect.objectContaining({ store_number: '202', training_completed: '', training_score: '0' }),
    );
  });

  it('turns nulls into empty strings and numbers into canonical text, dates as given', async () => {
    const ds = await read({ auth: auth(), datasetId: TYPED_ID });
    expect(sortedValues(ds.rows)).toEqual(
      sortedValues([
        { values: { id: '101', ratio: '1.5', day: '2024-06-03', at: '2024-06-03T09:30:00Z', note: 'line one\nline "two"' } },
        { values: { id: '-7', ratio: '0.1', day: '', at: '', note: '' } },
        { values: { id: '', ratio: '', day: '2024-12-31', at: '2024-12-31 23:59:59', note: '  padded  ' } },
      ]),
    );
    expect(ds.rows.map((r) => [r.row, r.line])).toEqual([
      [1, 2],
      [2, 3],
      [3, 4],
    ]);
  });

  it('reads a 20,001-row dataset', async () => {
    const ds = await read({ auth: auth(), datasetId: BIG_ID, pageSize: 5_000 });
    expect(ds.rows).toHaveLength(BIG_ROWS);
    expect(ds.rows.at(-1)).toEqual({
      row: BIG_ROWS,
      line: BIG_ROWS + 1,
      values: { n: String(BIG_ROWS), email: `user${BIG_ROWS}@example.com` },
    });
    expect(ds.rows.every((r, i) => r.values['n'] === String(i + 1))).toBe(true);
  });

  it('checks the required columns, naming the dataset, the column and the available ones', async () => {
    const e = await failure(read({ auth: auth(), columns: ['email', 'emial'] }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      `dataset:${ROSTER_ID}, field "emial": no such column in the dataset; available columns: ${ROSTER_COLUMNS.join(', ')}`,
    );
    const several = await failure(read({ auth: auth(), columns: ['a', 'email', 'b'] }));
    expect(several).toBeInstanceOf(InputErrors);
    expect((several as InputErrors).errors.map((x) => x.location.field)).toEqual(['a', 'b']);
  });

  it('reports an unknown dataset by its id', async () => {
    const e = await failure(read({ auth: auth(), datasetId: 'no-such-dataset' }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toMatch(
      /^dataset:no-such-dataset: Domo at http:\/\/127\.0\.0\.1:\d+ has no dataset with this id \(HTTP 404: DataSet no-such-dataset not found\); check the id/,
    );
  });
});

describe('readDomoDataset with client credentials', () => {
  it('exchanges the credentials, reads the schema, then streams the export', async () => {
    await read({ auth: clientAuth() });
    expect(em.requests.map((r) => [r.method, r.path, r.query])).toEqual([
      ['POST', '/oauth/token', { grant_type: 'client_credentials', scope: 'data' }],
      ['GET', `/v1/datasets/${ROSTER_ID}`, {}],
      ['GET', `/v1/datasets/${ROSTER_ID}/data`, { includeHeader: 'true', fileName: `${ROSTER_ID}.csv` }],
    ]);
  });

  it('fails on a missing column before downloading the export', async () => {
    await failure(read({ auth: clientAuth(), columns: ['nope'] }));
    expect(em.requests.map((r) => r.path)).toEqual(['/oauth/token', `/v1/datasets/${ROSTER_ID}`]);
  });

  it('canonicalises numbers as Domo writes them in a CSV export', async () => {
    em.addFault({
      kind: 'status',
      status: 200,
      pathPattern: `^/v1/datasets/${TYPED_ID}/data$`,
      times: 1,
      // As many rows as the dataset counts: a shorter export fails as incomplete.
      body: 'id,ratio,day,at,note\n007,1.50,2024-06-03,2024-06-03T09:30:00,1.50\n1,1,,,\n2,2,,,\n',
    });
    const ds = await read({ auth: clientAuth(), datasetId: TYPED_ID });
    expect(ds.rows[0]!.values).toEqual({ id: '7', ratio: '1.5', day: '2024-06-03', at: '2024-06-03T09:30:00', note: '1.50' });
  });

  it('names the client, never the secret, when Domo refuses the credentials', async () => {
    const e = await failure(read({ auth: { ...clientAuth(), clientSecret: 'wrong-secret-value' } as DomoDatasetAuth }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(
      /^Domo refused the client credentials of API client "sample-client" at http:\/\/127\.0\.0\.1:\d+ \(HTTP 401: Bad credentials: send the client id and secret as HTTP Basic auth\): check the client id and secret \(DOMO_CLIENT_ID, DOMO_CLIENT_SECRET\)/,
    );
    expect(e.message).not.toContain('wrong-secret-value');
  });

  it('explains a client without the data scope', async () => {
    const e = await failure(
      read({ auth: { kind: 'client-credentials', clientId: 'no-data', clientSecret: 'no-data-secret', apiHost: em.url } }),
    );
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toContain('(HTTP 400: Invalid scope: data (this client has: user))');
  });

  it('an export shorter than the dataset counts fails naming the dataset and both counts', async () => {
    em.addFault({
      kind: 'status',
      status: 200,
      pathPattern: `^/v1/datasets/${TYPED_ID}/data$`,
      times: 1,
      body: 'id,ratio,day,at,note\n1,1,,,\n',
    });
    const e = await failure(read({ auth: clientAuth(), datasetId: TYPED_ID }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toContain(`dataset:${TYPED_ID}: the read is incomplete: 1 rows were read but the dataset counts 3 rows.`);
  });

  it('retries a failing export, then reads it', async () => {
    em.addFault({ kind: 'status', status: 503, pathPattern: '/data$', times: 2 });
    const ds = await read({ auth: clientAuth() });
    expect(ds.rows).toHaveLength(12);
    expect(em.requests.filter((r) => r.path.endsWith('/data')).map((r) => r.status)).toEqual([503, 503, 200]);
  });

  it('refuses plain http to a host other than loopback', async () => {
    const e = await failure(read({ auth: { ...clientAuth(), apiHost: 'http://api.example.com' } as DomoDatasetAuth }));
    expect(e.message).toBe(
      'Domo API host "http://api.example.com" must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1]); expected something like https://api.domo.com',
    );
    expect(em.requests).toEqual([]);
  });
});

describe('readDomoDataset with a developer token', () => {
  const sqlSent = () => em.requests.map((r) => (r.body as { sql: string }).sql);
  const BIG_ORDER = 'ORDER BY `n`, `email`';

  it('counts the dataset, then pages through the query API in a stable order (ORDER BY every column) with LIMIT and OFFSET, and counts again', async () => {
    const ds = await read({ auth: tokenAuth(), datasetId: BIG_ID, pageSize: 5_000 });
    expect(ds.rows).toHaveLength(BIG_ROWS);
    expect(sqlSent()).toEqual([
      'SELECT COUNT(*) FROM table',
      'SELECT * FROM table LIMIT 0',
      ...[0, 5000, 10000, 15000, 20000].map((o) => `SELECT * FROM table ${BIG_ORDER} LIMIT 5000 OFFSET ${o}`),
      'SELECT COUNT(*) FROM table',
    ]);
    expect(em.requests.every((r) => r.path === `/api/query/v1/execute/${BIG_ID}` && r.status === 200)).toBe(true);
  });

  it('asks once more after a full last page, and reads 50,000 rows a page by default', async () => {
    await read({ auth: tokenAuth(), datasetId: ROSTER_ID, pageSize: 6 });
    const order = `ORDER BY ${ROSTER_COLUMNS.map((c) => `\`${c}\``).join(', ')}`;
    expect(sqlSent().filter((q) => q.includes('ORDER BY'))).toEqual([
      `SELECT * FROM table ${order} LIMIT 6 OFFSET 0`,
      `SELECT * FROM table ${order} LIMIT 6 OFFSET 6`,
      `SELECT * FROM table ${order} LIMIT 6 OFFSET 12`,
    ]);
    em.resetRequests();
    await read({ auth: tokenAuth(), datasetId: BIG_ID });
    expect(sqlSent().filter((q) => q.includes('ORDER BY'))).toEqual([`SELECT * FROM table ${BIG_ORDER} LIMIT 50000 OFFSET 0`]);
  });

  it('reads every row exactly once when the service answers each unordered query in a new order', async () => {
    em.addFault({ kind: 'query-unordered' });
    const ds = await read({ auth: tokenAuth(), datasetId: BIG_ID, pageSize: 1_000 });
    const emails = ds.rows.map((r) => r.values['email']);
    expect(new Set(emails).size).toBe(BIG_ROWS);
    expect(emails).toHaveLength(BIG_ROWS);
    // The fault is real: the same pages without ORDER BY skip and repeat rows.
    const unordered = await Promise.all(
      [0, 1000, 2000].map((o) =>
        fetch(`${em.url}/api/query/v1/execute/${BIG_ID}`, {
          method: 'POST',
          headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
          body: JSON.stringify({ sql: `SELECT * FROM table LIMIT 1000 OFFSET ${o}` }),
        }).then(async (r) => ((await r.json()) as { rows: unknown[][] }).rows.map((row) => row[1])),
      ),
    );
    expect(new Set(unordered.flat()).size).toBeLessThan(3000);
  });

  it('a short read fails naming the dataset and both counts', async () => {
    em.addFault({ kind: 'query-short', rows: 3 });
    const e = await failure(read({ auth: tokenAuth(), datasetId: BIG_ID, pageSize: 5_000 }));
    expect(e).toBeInstanceOf(InputError);
    expect(e.message).toBe(
      `dataset:${BIG_ID}: the read is incomplete: ${BIG_ROWS - 3} rows were read but the dataset counts ${BIG_ROWS} rows. ` +
        'Nothing is synthesized from a partial read (a missing user would be a leaver): read it again, or snapshot it with domo-identity snapshot and check the file',
    );
  });

  it('names the developer token, never its value, when Domo refuses it', async () => {
    const e = await failure(read({ auth: { kind: 'developer-token', token: 'not-the-token-4411', instanceUrl: em.url } }));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toMatch(
      /^Domo at http:\/\/127\.0\.0\.1:\d+ refused the developer token reading dataset 2f7a1c9e-roster \(HTTP 401: /,
    );
    expect(e.message).not.toContain('not-the-token-4411');
  });

  it('validates options before any request', async () => {
    await expect(read({ auth: tokenAuth(), pageSize: 0 })).rejects.toThrow('Dataset pageSize must be a whole number >= 1, got 0');
    await expect(read({ auth: tokenAuth(), datasetId: ' ' })).rejects.toThrow('Dataset id " " is invalid');
    await expect(read({ auth: { kind: 'developer-token', token: ' \n', instanceUrl: em.url } })).rejects.toThrow(
      'Dataset auth: the developer token is empty',
    );
    await expect(read({ auth: { kind: 'developer-token', token: TOKEN, instanceUrl: `${em.url}/api/identity/v1/scim` } })).rejects.toThrow(
      /is a SCIM root/,
    );
    expect(em.requests).toEqual([]);
  });
});

describe('canonicalCsvCell', () => {
  it.each([
    ['101', 'LONG', '101'],
    ['+0101', 'LONG', '101'],
    ['-0', 'LONG', '0'],
    ['9007199254740993', 'LONG', '9007199254740993'],
    ['1.50', 'DOUBLE', '1.5'],
    ['1.0', 'DOUBLE', '1'],
    ['.5', 'DOUBLE', '0.5'],
    ['1e3', 'DOUBLE', '1000'],
    ['', 'DOUBLE', ''],
    ['n/a', 'DOUBLE', 'n/a'],
    ['1.50', 'STRING', '1.50'],
    ['1.50', undefined, '1.50'],
  ])('%s as %s -> %s', (text, type, expected) => {
    expect(canonicalCsvCell(text, type)).toBe(expected);
  });
});

describe('datasetAuthFromEnv', () => {
  it('prefers client credentials, with the public API host by default', () => {
    expect(
      datasetAuthFromEnv({
        DOMO_CLIENT_ID: 'id',
        DOMO_CLIENT_SECRET: 's',
        DOMO_DEVELOPER_TOKEN: 't',
        DOMO_INSTANCE_URL: 'https://acme.domo.com',
      }),
    ).toEqual({
      kind: 'client-credentials',
      clientId: 'id',
      clientSecret: 's',
      apiHost: 'https://api.domo.com',
    });
    expect(datasetAuthFromEnv({ DOMO_CLIENT_ID: 'id', DOMO_CLIENT_SECRET: 's', DOMO_API_HOST: 'http://127.0.0.1:8765' })).toMatchObject({
      apiHost: 'http://127.0.0.1:8765',
    });
  });

  it('falls back to a developer token; empty variables count as unset', () => {
    expect(datasetAuthFromEnv({ DOMO_CLIENT_ID: '', DOMO_DEVELOPER_TOKEN: 't', DOMO_INSTANCE_URL: 'https://acme.domo.com' })).toEqual({
      kind: 'developer-token',
      token: 't',
      instanceUrl: 'https://acme.domo.com',
    });
  });

  it.each([
    [
      {},
      'No Domo credentials to read datasets with: set DOMO_CLIENT_ID and DOMO_CLIENT_SECRET (an API client with the data scope; DOMO_API_HOST defaults to https://api.domo.com), or DOMO_DEVELOPER_TOKEN and DOMO_INSTANCE_URL',
    ],
    [{ DOMO_CLIENT_ID: 'id' }, 'DOMO_CLIENT_SECRET is not set (the secret of the API client DOMO_CLIENT_ID)'],
    [{ DOMO_CLIENT_SECRET: 'shh-42' }, "DOMO_CLIENT_ID is not set (an API client of Domo's public API with the data scope)"],
    [
      { DOMO_DEVELOPER_TOKEN: 'shh-42' },
      'DOMO_DEVELOPER_TOKEN is set but DOMO_INSTANCE_URL is not: set it to the instance root, e.g. https://acme.domo.com',
    ],
    [
      { DOMO_INSTANCE_URL: 'https://acme.domo.com' },
      'DOMO_INSTANCE_URL is set but DOMO_DEVELOPER_TOKEN is not: set it to a developer token of the instance',
    ],
    [
      { DOMO_CLIENT_ID: 'id', DOMO_CLIENT_SECRET: 'shh-42', DOMO_API_HOST: 'http://api.example.com' },
      'DOMO_API_HOST "http://api.example.com" must use https',
    ],
    [{ DOMO_DEVELOPER_TOKEN: 'shh-42', DOMO_INSTANCE_URL: 'acme' }, 'DOMO_INSTANCE_URL: Domo instance URL "acme" is not a valid URL'],
  ])('explains %j', (env, message) => {
    expect(() => datasetAuthFromEnv(env)).toThrow(ConfigError);
    expect(() => datasetAuthFromEnv(env)).toThrow(message);
    expect(() => datasetAuthFromEnv(env)).not.toThrow('shh-42');
  });
});
