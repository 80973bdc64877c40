import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER, ERROR, LIST_RESPONSE } from '../src/contract';
import { RunningEmulator } from '../src';
import { call, start } from './helpers';

let em: RunningEmulator;
beforeAll(async () => {
  em = await start();
});
afterAll(() => em.close());

const ids = (res: { json: { Resources: { id: string }[] } }) => res.json.Resources.map((r) => r.id);
const list = (query: Record<string, string>) => call(em.scimUrl, 'GET', '/Users', { query });

describe('GET /Users/{id}', () => {
  it('returns the Domo representation without the custom extension by default', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/1001');
    expect(res.status).toBe(200);
    expect(res.json).toEqual({
      schemas: [CORE_USER, ENTERPRISE_USER, DOMO_USER, CUSTOM_USER],
      id: '1001',
      userName: 'jane.doe@acme.example',
      displayName: 'Jane Doe',
      active: true,
      title: 'Store Manager',
      emails: [
        { value: 'jane.doe@acme.example', type: 'work', primary: true },
        { value: 'jane@home.example', type: 'alternate', primary: false },
      ],
      phoneNumbers: [
        { value: '+1 555 0101', type: 'mobile' },
        { value: '+1 555 0102', type: 'work' },
      ],
      roles: [{ value: '4', display: 'Participant' }],
      locale: 'en-US',
      timezone: 'America/Denver',
      groups: [],
      [ENTERPRISE_USER]: { employeeNumber: 'E1', department: 'Operations', organization: 'Acme', manager: { value: '1003' } },
      [DOMO_USER]: { hireDate: '2021-03-04', employeeLocation: 'Denver' },
      meta: { resourceType: 'User', created: expect.any(String), lastModified: expect.any(String), location: `${em.scimUrl}/Users/1001` },
    });
  });

  it('includes the custom extension with attributes=_all', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/1001', { query: { attributes: '_all' } });
    expect(res.json[CUSTOM_USER]).toEqual({
      customAttributes: [
        { key: 'storeNumber', values: ['101'] },
        { key: 'ssoRegion', values: ['West'] },
      ],
    });
  });

  it('returns an empty custom list with _all when the user has no custom values', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/1003', { query: { attributes: '_all' } });
    expect(res.json[CUSTOM_USER]).toEqual({ customAttributes: [] });
  });

  it('returns only requested attributes plus id, schemas and meta', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/1001', { query: { attributes: `userName,${ENTERPRISE_USER}:department` } });
    expect(Object.keys(res.json).sort()).toEqual(['id', 'meta', 'schemas', ENTERPRISE_USER, 'userName'].sort());
    expect(res.json[ENTERPRISE_USER]).toEqual({ department: 'Operations' });
  });

  it('accepts requestedAttributes and never adds the custom block for a named request', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/1001', {
      query: { requestedAttributes: `displayName,${CUSTOM_USER}:customAttributes` },
    });
    expect(Object.keys(res.json).sort()).toEqual(['displayName', 'id', 'meta', 'schemas']);
  });

  it('answers 404 for a missing user', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/9999');
    expect(res.status).toBe(404);
    expect(res.json).toEqual({ schemas: [ERROR], status: '404', detail: 'User 9999 not found' });
  });
});

describe('GET /Users filter', () => {
  it('matches userName case-insensitively', async () => {
    const res = await list({ filter: 'userName eq "JOHN.smith@ACME.example"' });
    expect(ids(res)).toEqual(['1002']);
    expect(res.json).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 1, startIndex: 1, itemsPerPage: 1 });
  });

  it('matches emails values case-insensitively', async () => {
    expect(ids(await list({ filter: 'emails.value eq "JANE@HOME.EXAMPLE"' }))).toEqual(['1001']);
    expect(ids(await list({ filter: 'emails[type eq "work" and value eq "Jane.Doe@acme.example"]' }))).toEqual(['1001']);
  });

  it('unescapes \\" and \\\\ inside quoted values', async () => {
    expect(ids(await list({ filter: 'userName eq "quote\\"back\\\\slash@acme.example"' }))).toEqual(['1004']);
  });

  it('does not let an escaped quote widen the match', async () => {
    const injected = 'x" or userName pr "';
    const res = await list({ filter: `userName eq "${injected.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` });
    expect(res.status).toBe(200);
    expect(res.json.totalResults).toBe(0);
  });

  it.each([
    ['displayName co "o"', ['1001', '1002']],
    ['displayName sw "Jo"', ['1002']],
    ['userName ew "@ACME.EXAMPLE"', ['1001', '1002', '1003', '1004']],
    ['title pr', ['1001', '1002']],
    ['title ne "Cook"', ['1001', '1003', '1004']],
    ['id gt "1002"', ['1003', '1004']],
    [`${ENTERPRISE_USER}:department eq "Kitchen"`, ['1002']],
    [`${DOMO_USER}:hireDate lt "2022-01-01"`, ['1001']],
    ['displayName co "Doe" or displayName co "Smith"', ['1001', '1002']],
    ['displayName co "a" and not (title pr)', ['1003', '1004']],
    ['(title eq "Cook" or title eq "Store Manager") and active eq true', ['1001', '1002']],
    ['roles[value eq "1"]', ['1003']],
    [`${CUSTOM_USER}:customAttributes[key eq "offices" and values eq "NY"]`, ['1002']],
    ['USERNAME EQ "owner@acme.example"', ['1003']],
  ])('%s', async (filter, expected) => {
    const res = await list({ filter });
    expect(res.status).toBe(200);
    expect(ids(res)).toEqual(expected);
  });

  it.each([
    'userName eq',
    'userName eq "unterminated',
    'userName foo "x"',
    'userName eq "a" and',
    '(userName pr',
    'userName eq bare',
    'not userName pr',
    'userName pr )',
    '',
  ])('answers 400 invalidFilter for %j', async (filter) => {
    const res = await list({ filter });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidFilter' });
  });
});

describe('GET /Users paging, sorting and attributes', () => {
  it('orders by numeric id by default', async () => {
    expect(ids(await list({}))).toEqual(['1001', '1002', '1003', '1004']);
  });

  it('pages with startIndex and count', async () => {
    const first = await list({ startIndex: '1', count: '3' });
    expect(first.json).toMatchObject({ totalResults: 4, startIndex: 1, itemsPerPage: 3 });
    expect(ids(first)).toEqual(['1001', '1002', '1003']);
    const second = await list({ startIndex: '4', count: '3' });
    expect(second.json).toMatchObject({ totalResults: 4, startIndex: 4, itemsPerPage: 1 });
    expect(ids(second)).toEqual(['1004']);
    const past = await list({ startIndex: '9', count: '3' });
    expect(past.json).toMatchObject({ totalResults: 4, startIndex: 9, itemsPerPage: 0, Resources: [] });
  });

  it('returns only totalResults for count=0', async () => {
    const res = await list({ count: '0' });
    expect(res.json).toMatchObject({ totalResults: 4, itemsPerPage: 0, Resources: [] });
  });

  it('clamps count to maxPageSize', async () => {
    const small = await start({ maxPageSize: 2 });
    try {
      const res = await call(small.scimUrl, 'GET', '/Users', { query: { count: '500' } });
      expect(res.json).toMatchObject({ totalResults: 4, itemsPerPage: 2 });
      const all: string[] = [];
      for (let start = 1; start <= 4; start += 2) {
        all.push(...ids(await call(small.scimUrl, 'GET', '/Users', { query: { startIndex: String(start) } })));
      }
      expect(all).toEqual(['1001', '1002', '1003', '1004']);
    } finally {
      await small.close();
    }
  });

  it('answers 400 for a count that is not a number', async () => {
    expect((await list({ count: 'ten' })).json).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('sorts by userName (case-insensitively) and by id, both directions', async () => {
    expect(ids(await list({ sortBy: 'userName' }))).toEqual(['1001', '1002', '1003', '1004']);
    expect(ids(await list({ sortBy: 'userName', sortOrder: 'descending' }))).toEqual(['1004', '1003', '1002', '1001']);
    expect(ids(await list({ sortBy: 'id', sortOrder: 'descending' }))).toEqual(['1004', '1003', '1002', '1001']);
    expect(ids(await list({ sortBy: 'title' }))).toEqual(['1002', '1001', '1003', '1004']);
  });

  it('omits the custom block in lists unless attributes=_all', async () => {
    const plain = await list({ filter: 'id eq "1001"' });
    expect(plain.json.Resources[0][CUSTOM_USER]).toBeUndefined();
    const all = await list({ filter: 'id eq "1001"', attributes: '_all' });
    expect(all.json.Resources[0][CUSTOM_USER].customAttributes).toContainEqual({ key: 'storeNumber', values: ['101'] });
    const some = await list({ filter: 'id eq "1001"', attributes: 'userName' });
    expect(Object.keys(some.json.Resources[0]).sort()).toEqual(['id', 'meta', 'schemas', 'userName']);
  });
});
