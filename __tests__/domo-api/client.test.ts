import { DomoApiClient, instanceUrlFromScimUrl, type DomoApiClientOptions } from '../../src/domo/api';
import { parseInstanceRoot } from '../../src/domo/url';
import { DomoApiError } from '../../src/domo/errors';
import { ConfigError } from '../../src/errors';
import { ScimError, ScimTimeoutError } from '../../src/domo/scim';
import { expectCall as recordCall, ORIGIN, rejection, useMockAgent, type Seen } from '../support/domo-api-mock';

const KEYS = '/api/user/v1/properties/meta/keys';
const TOKEN = 'tok-1a2b3c4d5e6f';

const mockAgent = useMockAgent();

function client(overrides: Partial<DomoApiClientOptions> = {}): DomoApiClient {
  return new DomoApiClient({ instanceUrl: ORIGIN, token: TOKEN, dispatcher: mockAgent(), sleep: async () => {}, ...overrides });
}

const expectCall = (method: string, pathPrefix: string, reply: { status: number; data?: unknown }, seen: Seen[] = []) =>
  recordCall(mockAgent(), method, pathPrefix, reply, seen);

const definition = (key: string, extra: Record<string, unknown> = {}) => ({
  key,
  keyspace: 'customer-defined',
  title: key,
  description: '',
  validator: 'ANY_VALUE',
  securityVoter: 'FULL_VIS_ADMIN_IDP',
  valueSources: ['managed'],
  ...extra,
});

describe('listAttributeDefinitions', () => {
  test('asks for every issuer type, sends the bearer token, and filters by keyspace itself', async () => {
    const data = [
      definition('region'),
      definition('ssoDepartment', { keyspace: 'idp', valueSources: ['idp'] }),
      definition('userTitle', { keyspace: 'domo-defined' }),
    ];
    const seen = expectCall('GET', KEYS, { status: 200, data });
    expectCall('GET', KEYS, { status: 200, data });
    const c = client();
    expect((await c.listAttributeDefinitions()).map((d) => d.key)).toEqual(['region', 'ssoDepartment', 'userTitle']);
    expect((await c.listAttributeDefinitions({ keyspaces: ['customer-defined', 'idp'] })).map((d) => d.key)).toEqual([
      'region',
      'ssoDepartment',
    ]);
    expect(new URL(seen[0]!.path, ORIGIN).searchParams.get('issuerTypes')).toBe('idp,domo-defined,customer-defined');
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test('sends X-Domo-Developer-Token for the developer-token scheme', async () => {
    const seen = expectCall('GET', KEYS, { status: 200, data: [] });
    await client({ authScheme: 'developer-token' }).listAttributeDefinitions();
    expect(seen[0]!.headers['x-domo-developer-token']).toBe(TOKEN);
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  test('tolerates nulls, missing optional fields and extra ones', async () => {
    expectCall('GET', KEYS, {
      status: 200,
      data: [{ key: 'region', keyspace: 'customer-defined', title: null, description: null, extra: 1 }],
    });
    const [d] = await client().listAttributeDefinitions();
    expect(d).toEqual({
      key: 'region',
      keyspace: 'customer-defined',
      title: undefined,
      description: undefined,
      validator: undefined,
      securityVoter: undefined,
      valueSources: undefined,
      extra: 1,
    });
  });

  test('retries 503 like the SCIM client', async () => {
    expectCall('GET', KEYS, { status: 503, data: 'busy' });
    expectCall('GET', KEYS, { status: 200, data: [definition('region')] });
    expect(await client().listAttributeDefinitions()).toHaveLength(1);
  });

  test('an unexpected body is a DomoApiError naming the path', async () => {
    expectCall('GET', KEYS, { status: 200, data: { keys: [] } });
    const e = await rejection(client().listAttributeDefinitions());
    expect(e).toBeInstanceOf(DomoApiError);
    expect(e.message).toMatch(/^Domo API GET \/api\/user\/v1\/properties\/meta\/keys returned 200 with an unexpected body/);
  });
});

describe('create, update, delete', () => {
  test('create POSTs the full customer-defined body with defaults', async () => {
    const seen = expectCall('POST', `${KEYS}/trainingCertified`, {
      status: 200,
      data: definition('trainingCertified', { title: 'Training certified' }),
    });
    const created = await client().createAttributeDefinition({ key: 'trainingCertified', title: 'Training certified' });
    expect(seen[0]!.body).toEqual(definition('trainingCertified', { title: 'Training certified' }));
    expect(seen[0]!.headers['content-type']).toBe('application/json');
    expect(created.title).toBe('Training certified');
  });

  test('create returns what it sent when the server answers without a body', async () => {
    expectCall('POST', `${KEYS}/shift`, { status: 201 });
    expect(await client().createAttributeDefinition({ key: 'shift', valueSources: ['managed', 'grant'] })).toEqual(
      definition('shift', { valueSources: ['managed', 'grant'] }),
    );
  });

  test('a conflict on create is a DomoApiError with Domo’s message, not retried', async () => {
    expectCall('POST', `${KEYS}/region`, {
      status: 409,
      data: { status: 409, statusReason: 'Conflict', message: 'Attribute key "region" already exists' },
    });
    const e = (await rejection(client().createAttributeDefinition({ key: 'region' }))) as DomoApiError;
    expect(e).toBeInstanceOf(DomoApiError);
    expect(e).toBeInstanceOf(ScimError);
    expect(e.status).toBe(409);
    expect(e.message).toBe('Domo API POST /api/user/v1/properties/meta/keys/region failed with 409: Attribute key "region" already exists');
  });

  test('update PUTs the full body to the key’s path', async () => {
    const seen = expectCall('PUT', `${KEYS}/region`, { status: 200, data: definition('region', { securityVoter: 'ADMIN_ONLY' }) });
    await client().updateAttributeDefinition({ key: 'region', securityVoter: 'ADMIN_ONLY', description: 'Row access' });
    expect(seen[0]).toMatchObject({
      method: 'PUT',
      path: `${KEYS}/region`,
      body: definition('region', { securityVoter: 'ADMIN_ONLY', description: 'Row access' }),
    });
  });

  test('a refused delete carries Domo’s reason, with the token redacted', async () => {
    const reason = `Attribute key "region" is used by dynamic group: Texas stores (token ${TOKEN})`;
    expectCall('DELETE', `${KEYS}/region`, { status: 409, data: { status: 409, statusReason: 'Conflict', message: reason } });
    const e = (await rejection(client().deleteAttributeDefinition('region'))) as DomoApiError;
    expect(e).toBeInstanceOf(DomoApiError);
    expect(e.status).toBe(409);
    expect(e.detail).toBe('Attribute key "region" is used by dynamic group: Texas stores (token [REDACTED])');
    expect(e.message).toContain('used by dynamic group: Texas stores');
    expect(JSON.stringify({ ...e, message: e.message })).not.toContain(TOKEN);
  });

  test('delete resolves on 204', async () => {
    const seen = expectCall('DELETE', `${KEYS}/shift`, { status: 204 });
    await client().deleteAttributeDefinition('shift');
    expect(seen).toHaveLength(1);
  });

  const KEY_RULE = 'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive';
  test.each([
    ['store_number', `it contains "_"; ${KEY_RULE}, so use "storeNumber"`],
    ['', `it is empty; ${KEY_RULE}, e.g. storeNumber`],
    ['é', `it contains "é"; ${KEY_RULE}, e.g. storeNumber`],
  ])('refuses key %j before sending anything, by the identity rule', async (key, reason) => {
    const c = client();
    for (const call of [
      () => c.createAttributeDefinition({ key }),
      () => c.updateAttributeDefinition({ key }),
      () => c.deleteAttributeDefinition(key),
    ]) {
      const e = await rejection(call());
      expect(e).toBeInstanceOf(ConfigError);
      expect(e.message).toBe(`Attribute key ${JSON.stringify(key)} is not a valid attribute key: ${reason}`);
    }
  });

  test('a timeout stays a ScimTimeoutError, relabelled', async () => {
    expectCall('DELETE', `${KEYS}/shift`, { status: 503 });
    let now = 0;
    const c = client({
      retry: { totalTimeMs: 100, baseDelayMs: 1000, maxDelayMs: 1000 },
      now: () => now,
      random: () => 0.5,
      sleep: async (ms) => void (now += ms),
    });
    const e = await rejection(c.deleteAttributeDefinition('shift'));
    expect(e).toBeInstanceOf(ScimTimeoutError);
    expect(e.message).toMatch(/^Domo API DELETE \/api\/user\/v1\/properties\/meta\/keys\/shift failed with 503.*time cap/);
  });
});

describe('roles.list', () => {
  test('reads ids given as numbers or strings', async () => {
    expectCall('GET', '/api/authorization/v1/roles', {
      status: 200,
      data: [
        { id: 1, name: 'Admin', description: 'All' },
        { id: '101', name: 'Store Manager', description: null },
      ],
    });
    expect(await client().roles.list()).toEqual([
      { id: 1, name: 'Admin', description: 'All' },
      { id: 101, name: 'Store Manager', description: undefined },
    ]);
  });

  test('an instance URL with a path prefix keeps it', async () => {
    const seen = expectCall('GET', '/domo/api/authorization/v1/roles', { status: 200, data: [] });
    await client({ instanceUrl: `${ORIGIN}/domo/` }).roles.list();
    expect(seen[0]!.path).toBe('/domo/api/authorization/v1/roles');
  });
});

describe('instance URLs', () => {
  test('instanceUrlFromScimUrl strips the SCIM root', () => {
    expect(instanceUrlFromScimUrl('https://acme.domo.com/api/identity/v1/scim/')).toBe('https://acme.domo.com');
    expect(instanceUrlFromScimUrl('http://127.0.0.1:8765/api/identity/v1/scim')).toBe('http://127.0.0.1:8765');
    expect(() => instanceUrlFromScimUrl('https://acme.domo.com/scim')).toThrow(
      '"https://acme.domo.com/scim" is not a Domo SCIM URL: it should end with /api/identity/v1/scim, as in https://acme.domo.com/api/identity/v1/scim',
    );
    expect(() => instanceUrlFromScimUrl('http://acme.domo.com/api/identity/v1/scim')).toThrow(/must use https/);
  });

  test.each([
    ['not a url', 'Domo instance URL "not a url" is not a valid URL; expected something like https://acme.domo.com'],
    [
      'http://acme.domo.com',
      'Domo instance URL "http://acme.domo.com" must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1]); expected something like https://acme.domo.com',
    ],
    [
      'https://acme.domo.com/api/identity/v1/scim',
      'Domo instance URL "https://acme.domo.com/api/identity/v1/scim" is a SCIM root; pass the instance root "https://acme.domo.com" (instanceUrlFromScimUrl() derives it)',
    ],
    ['https://u:p@acme.domo.com', 'Domo instance URL must not contain credentials; pass the access token as the token option instead'],
    [
      'https://acme.domo.com/?x=1',
      'Domo instance URL "https://acme.domo.com?x=1" must not have a query or fragment; expected something like https://acme.domo.com',
    ],
  ])('parseInstanceUrl refuses %s', (raw, message) => {
    expect(() => parseInstanceRoot(raw)).toThrow(message);
    expect(() => new DomoApiClient({ instanceUrl: raw, token: TOKEN, dispatcher: mockAgent() })).toThrow(ConfigError);
  });

  test('plain http is fine for loopback', () => {
    expect(parseInstanceRoot('http://localhost:8765/').url).toBe('http://localhost:8765');
  });
});
