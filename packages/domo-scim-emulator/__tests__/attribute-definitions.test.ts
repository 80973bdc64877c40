import { ATTRIBUTE_KEYS_PATH, CUSTOM_USER } from '../src/contract';
import { RunningEmulator } from '../src';
import { call, patchBody, start, testSeed } from './helpers';

let em: RunningEmulator;
beforeEach(async () => {
  em = await start({
    seed: testSeed({
      attributes: [
        ...testSeed().attributes,
        {
          key: 'region',
          keyspace: 'customer-defined',
          validator: 'ANY_VALUE',
          securityVoter: 'FULL_VIS',
          valueSources: ['managed'],
          usedBy: ['dynamic group: Texas stores', 'PDP policy: Region rows'],
        },
        {
          key: 'department',
          keyspace: 'domo-defined',
          validator: 'ANY_VALUE',
          securityVoter: 'FULL_VIS',
          valueSources: ['idp'],
          usedBy: [],
        },
      ],
    }),
  });
});
afterEach(() => em.close());

const keys = (method: string, key = '', body?: unknown, options: { auth?: boolean } = {}) =>
  call(em.url, method, `${ATTRIBUTE_KEYS_PATH}${key === '' ? '' : `/${encodeURIComponent(key)}`}`, {
    body,
    headers: { 'content-type': 'application/json' },
    ...options,
  });

const definition = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  keyspace: 'customer-defined',
  title: `Title of ${key}`,
  description: `About ${key}`,
  validator: 'ANY_VALUE',
  securityVoter: 'FULL_VIS_ADMIN_IDP',
  ...extra,
});

const writeCustom = (key: string, values: string[]) =>
  call(em.scimUrl, 'PATCH', '/Users/1002', {
    body: patchBody({ op: 'replace', path: `${CUSTOM_USER}:customAttributes[key eq "${key}"]`, value: values }),
  });

describe('GET /api/user/v1/properties/meta/keys', () => {
  it('lists every definition whatever issuerTypes says, with defaults filled in', async () => {
    const res = await call(em.url, 'GET', ATTRIBUTE_KEYS_PATH, { query: { issuerTypes: 'idp' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.json.map((d: { key: string }) => d.key)).toEqual(['storeNumber', 'offices', 'badge', 'ssoRegion', 'region', 'department']);
    expect(res.json[0]).toEqual({
      key: 'storeNumber',
      keyspace: 'customer-defined',
      title: 'Store number',
      description: '',
      validator: 'ANY_VALUE',
      securityVoter: 'FULL_VIS_ADMIN_IDP',
      valueSources: ['managed'],
    });
    // The title defaults to the key; usedBy is the emulator's model, never shown.
    expect(res.json[1]).toMatchObject({ key: 'offices', title: 'offices', valueSources: ['managed', 'grant'] });
    expect(res.json[4].usedBy).toBeUndefined();
  });

  it('needs the token like SCIM, and answers errors in Domo’s JSON shape', async () => {
    const res = await keys('GET', '', undefined, { auth: false });
    expect(res.status).toBe(401);
    expect(res.json).toEqual({ status: 401, statusReason: 'Unauthorized', message: expect.stringContaining('Missing or invalid token') });
    const developer = await call(em.url, 'GET', ATTRIBUTE_KEYS_PATH, {
      auth: false,
      headers: { 'x-domo-developer-token': 'test-token-123' },
    });
    expect(developer.status).toBe(200);
  });

  it('records requests with their full path, beside SCIM-relative ones', async () => {
    em.resetRequests();
    await call(em.url, 'GET', ATTRIBUTE_KEYS_PATH, { query: { issuerTypes: 'idp,domo-defined,customer-defined' } });
    await call(em.scimUrl, 'GET', '/Users/1001');
    expect(em.requests).toEqual([
      { method: 'GET', path: ATTRIBUTE_KEYS_PATH, query: { issuerTypes: 'idp,domo-defined,customer-defined' }, status: 200 },
      { method: 'GET', path: '/Users/1001', query: {}, status: 200 },
    ]);
  });

  it('applies faults matched on the full path', async () => {
    em.addFault({ kind: 'status', status: 503, times: 1, pathPattern: '^/api/user/' });
    const res = await keys('GET');
    expect(res.status).toBe(503);
    expect(res.json).toMatchObject({ status: 503, message: 'Injected fault' });
    expect((await keys('GET')).status).toBe(200);
  });

  it('answers 404 in Domo’s shape for other /api paths', async () => {
    const res = await call(em.url, 'GET', '/api/content/v2/users/me');
    expect(res.status).toBe(404);
    expect(res.json.message).toBe('No such endpoint: GET /api/content/v2/users/me');
  });
});

describe('POST /api/user/v1/properties/meta/keys/{key}', () => {
  it('creates a customer-defined key that SCIM accepts at once', async () => {
    expect((await writeCustom('hireCohort', ['2024'])).status).toBe(400);
    const res = await keys('POST', 'hireCohort', definition('hireCohort', { valueSources: ['managed', 'grant'] }));
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ ...definition('hireCohort'), valueSources: ['managed', 'grant'] });
    expect(em.store.attribute('hireCohort')).toMatchObject({ keyspace: 'customer-defined', usedBy: [] });
    expect((await writeCustom('hireCohort', ['2024'])).status).toBe(200);
    expect(em.store.getUser('1002')!.customAttributes['hireCohort']).toEqual(['2024']);
  });

  it('defaults the value source to managed and the title to the key', async () => {
    const res = await keys('POST', 'shift', { key: 'shift' });
    expect(res.json).toMatchObject({
      key: 'shift',
      title: 'shift',
      valueSources: ['managed'],
      validator: 'ANY_VALUE',
      securityVoter: 'FULL_VIS_ADMIN_IDP',
    });
  });

  it('keeps letters and digits only, as Domo does', async () => {
    const res = await keys('POST', 'shift_2', {});
    expect(res.json.key).toBe('shift2');
    expect(em.store.attribute('shift_2')).toBeUndefined();
    expect(em.store.attribute('shift2')).toBeDefined();
  });

  it('answers 409 naming a key that exists (case-sensitively)', async () => {
    const res = await keys('POST', 'storeNumber', definition('storeNumber'));
    expect(res.status).toBe(409);
    expect(res.json.message).toBe('Attribute key "storeNumber" already exists');
    expect((await keys('POST', 'StoreNumber', definition('StoreNumber'))).status).toBe(200);
  });

  it.each([
    ['a body key other than the URL’s', 'a', { key: 'b' }, 'The body\'s key "b" differs from the URL\'s "a": keys cannot be renamed'],
    [
      'another keyspace',
      'a',
      { keyspace: 'idp' },
      'Key "a": only customer-defined keys can be created through the API, got keyspace "idp"',
    ],
    ['a key without letters or digits', '__', {}, 'Key "__" has no letters or digits, which are all Domo keeps of a key'],
    ['an unknown value source', 'a', { valueSources: ['hr'] }, 'Invalid attribute definition for key "a"'],
  ])('answers 400 for %s', async (_name, key, body, message) => {
    const res = await keys('POST', key, body);
    expect(res.status).toBe(400);
    expect(res.json.message).toContain(message);
  });
});

describe('PUT /api/user/v1/properties/meta/keys/{key}', () => {
  it('replaces the definition; a changed value source changes what SCIM does', async () => {
    const res = await keys('PUT', 'offices', definition('offices', { securityVoter: 'ADMIN_ONLY', valueSources: ['idp'] }));
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ key: 'offices', title: 'Title of offices', securityVoter: 'ADMIN_ONLY', valueSources: ['idp'] });
    // John's offices are now the IdP's: the API write is ignored (idpOnlyWrites "ignore").
    expect((await writeCustom('offices', ['LA'])).status).toBe(200);
    expect(em.store.getUser('1002')!.customAttributes['offices']).toEqual(['NY']);
  });

  it('resets what the body leaves out, and keeps usedBy', async () => {
    await keys('PUT', 'region', { title: 'Region' });
    expect(em.store.attribute('region')).toMatchObject({
      title: 'Region',
      securityVoter: 'FULL_VIS_ADMIN_IDP',
      valueSources: ['managed'],
      usedBy: ['dynamic group: Texas stores', 'PDP policy: Region rows'],
    });
  });

  it.each([
    [
      'a renamed key',
      'offices',
      { key: 'office' },
      400,
      'The body\'s key "office" differs from the URL\'s "offices": keys cannot be renamed',
    ],
    [
      'a changed keyspace',
      'offices',
      { keyspace: 'idp' },
      400,
      'Key "offices": the keyspace cannot change (it is "customer-defined", the body says "idp")',
    ],
    ['an unknown key', 'Offices', {}, 404, 'Attribute key "Offices" is not defined (keys match exactly, case-sensitive)'],
    [
      'a domo-defined key',
      'department',
      {},
      400,
      'Attribute key "department" is in keyspace "domo-defined": only customer-defined keys can be changed or deleted through the API',
    ],
  ])('refuses %s', async (_name, key, body, status, message) => {
    const before = em.store.attribute(key);
    const res = await keys('PUT', key, body);
    expect(res.status).toBe(status);
    expect(res.json.message).toBe(message);
    expect(em.store.attribute(key)).toEqual(before);
  });
});

describe('DELETE /api/user/v1/properties/meta/keys/{key}', () => {
  it('deletes the key and every user’s values; SCIM refuses it afterwards', async () => {
    expect((await keys('DELETE', 'offices')).status).toBe(204);
    expect(em.store.attribute('offices')).toBeUndefined();
    expect(em.store.getUser('1002')!.customAttributes).toEqual({});
    const res = await writeCustom('offices', ['NY']);
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('Unknown custom attribute key "offices"');
  });

  it('refuses with 409 naming the key and what uses it', async () => {
    const res = await keys('DELETE', 'region');
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      status: 409,
      statusReason: 'Conflict',
      message:
        'Attribute key "region" is used by dynamic group: Texas stores and PDP policy: Region rows; Domo deletes only keys that no dynamic group or PDP policy uses',
    });
    expect(em.store.attribute('region')).toBeDefined();
  });

  it('answers 404 for an unknown key', async () => {
    expect((await keys('DELETE', 'nope')).status).toBe(404);
  });

  it('persists definition changes', async () => {
    await keys('POST', 'shift', {});
    await keys('DELETE', 'badge');
    expect(em.snapshot().attributes.map((a) => a.key)).toEqual(['storeNumber', 'offices', 'ssoRegion', 'region', 'department', 'shift']);
  });
});

describe('drops-fields on attribute definition writes', () => {
  it('a create keeps the defaults of the dropped fields, an update keeps their old values; both answer success', async () => {
    em.addFault({ kind: 'drops-fields', fields: ['description', 'valueSources'], pathPattern: '^/api/user/' });
    const created = await keys('POST', 'shift', definition('shift', { valueSources: ['grant'] }));
    expect(created.status).toBe(200);
    expect(em.store.attribute('shift')).toMatchObject({ title: 'Title of shift', valueSources: ['managed'] });
    expect(em.store.attribute('shift')!.description).toBeUndefined();
    const updated = await keys('PUT', 'shift', definition('shift', { title: 'Shift', description: 'New', valueSources: ['grant'] }));
    expect(updated.status).toBe(200);
    expect(em.store.attribute('shift')).toMatchObject({ title: 'Shift', valueSources: ['managed'] });
    expect(em.store.attribute('shift')!.description).toBeUndefined();
    expect(em.requests.filter((r) => r.method !== 'GET').map((r) => r.fault)).toEqual(['drops-fields', 'drops-fields']);
    em.clearFaults();
    await keys('PUT', 'shift', definition('shift', { description: 'New', valueSources: ['grant'] }));
    expect(em.store.attribute('shift')).toMatchObject({ description: 'New', valueSources: ['grant'] });
  });
});
