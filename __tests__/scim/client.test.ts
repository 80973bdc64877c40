import { inspect } from 'node:util';
import { MockAgent } from 'undici';
import { ConfigError } from '../../src/errors';
import { CORE_USER, CUSTOM_USER, ENTERPRISE_USER, LIST_RESPONSE, PATCH_OP, ScimClient, type ScimClientOptions } from '../../src/domo/scim';

const ORIGIN = 'https://acme.domo.com';
const ROOT = '/api/identity/v1/scim';
const TOKEN = 'tok-9f8e7d6c5b4a';

interface Seen {
  path: string;
  method: string;
  headers: Record<string, string>;
  body: unknown;
}

let agent: MockAgent;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function client(overrides: Partial<ScimClientOptions> = {}): ScimClient {
  return new ScimClient({ baseUrl: ORIGIN + ROOT, token: TOKEN, dispatcher: agent, sleep: async () => {}, ...overrides });
}

/** Replies with `reply` to the next request matching method and path prefix, recording what was sent. */
function expectCall(
  method: string,
  pathPrefix: string,
  reply: { status: number; data?: unknown },
  seen: Seen[] = [],
  origin = ORIGIN,
): Seen[] {
  agent
    .get(origin)
    .intercept({ method, path: (p) => p.startsWith(pathPrefix) })
    .reply((opts) => {
      const headers = Object.fromEntries(
        Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), v]),
      );
      seen.push({ path: opts.path, method: opts.method, headers, body: typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined });
      return { statusCode: reply.status, data: reply.data === undefined ? '' : JSON.stringify(reply.data) };
    });
  return seen;
}

function query(path: string): URLSearchParams {
  return new URL(path, ORIGIN).searchParams;
}

const user = (id: string, userName: string) => ({ schemas: [CORE_USER], id, userName });
const list = (resources: unknown[], totalResults?: number) => ({ schemas: [LIST_RESPONSE], totalResults, Resources: resources });

describe('authentication', () => {
  test('bearer is the default', async () => {
    const seen = expectCall('GET', `${ROOT}/Users/7`, { status: 200, data: user('7', 'a@x.com') });
    await client().getUser('7');
    expect(seen[0]!.headers.authorization).toBe(`Bearer ${TOKEN}`);
    expect(seen[0]!.headers['x-domo-developer-token']).toBeUndefined();
  });

  test('developer-token sends X-Domo-Developer-Token', async () => {
    const seen = expectCall('GET', `${ROOT}/Users/7`, { status: 200, data: user('7', 'a@x.com') });
    await client({ authScheme: 'developer-token' }).getUser('7');
    expect(seen[0]!.headers['x-domo-developer-token']).toBe(TOKEN);
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  test('the token is not visible on the client object', () => {
    const c = client();
    expect(JSON.stringify(c)).not.toContain(TOKEN);
    expect(inspect(c)).not.toContain(TOKEN);
  });
});

describe('configuration', () => {
  test.each([
    'http://127.0.0.1:8080/api/identity/v1/scim',
    'http://127.9.8.7',
    'http://localhost:3000/scim/',
    'http://[::1]:9000/api/identity/v1/scim',
    'https://acme.domo.com/api/identity/v1/scim/',
  ])('accepts %s', (baseUrl) => {
    expect(() => client({ baseUrl })).not.toThrow();
  });

  test.each([
    ['http://acme.domo.com/api/identity/v1/scim', /must use https/],
    ['http://10.0.0.1/scim', /must use https/],
    ['http://localhost.evil.example/scim', /must use https/],
    ['ftp://localhost/scim', /must use https/],
    ['acme.domo.com', /not a valid URL/],
    ['https://user:pw@acme.domo.com/scim', /must not contain credentials/],
    ['https://acme.domo.com/scim?x=1', /must not have a query/],
  ])('rejects %s', (baseUrl, message) => {
    expect(() => client({ baseUrl })).toThrow(ConfigError);
    expect(() => client({ baseUrl })).toThrow(message);
  });

  test.each(['', '   ', 'abc def'])('rejects the token %j', (token) => {
    expect(() => client({ token })).toThrow(ConfigError);
  });

  test('rejects a bad retry policy and page size', () => {
    expect(() => client({ retry: { maxAttempts: 0 } })).toThrow('retry.maxAttempts must be an integer >= 1, got 0');
    expect(() => client().listUsers({ pageSize: 0 })).toThrow(ConfigError);
  });

  test('plain http works against loopback, with a trailing slash on the root', async () => {
    const seen = expectCall('GET', '/scim/Users/1', { status: 200, data: user('1', 'a@x.com') }, [], 'http://127.0.0.1:8080');
    await client({ baseUrl: 'http://127.0.0.1:8080/scim/' }).getUser('1');
    expect(seen[0]!.path).toBe('/scim/Users/1');
  });
});

describe('findUserByUserName', () => {
  test('escapes the filter value in the query actually sent', async () => {
    const seen = expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([], 0) });
    await client().findUserByUserName('a"b\\c@x.com');
    expect(query(seen[0]!.path).get('filter')).toBe('userName eq "a\\"b\\\\c@x.com"');
    // Spaces are %20, not '+', which not every server decodes in a query.
    expect(seen[0]!.path).toContain('filter=userName%20eq%20%22a%5C%22b%5C%5Cc%40x.com%22');
  });

  test('matches case-insensitively', async () => {
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('5', 'Alice@Example.COM')], 1) });
    await expect(client().findUserByUserName('alice@example.com')).resolves.toMatchObject({ id: '5' });
  });

  test('never returns a different user, even if the server ignores the filter', async () => {
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('6', 'bob@example.com'), user('7', 'alice@example.org')], 2) });
    await expect(client().findUserByUserName('alice@example.com')).resolves.toBeUndefined();
  });

  test('all adds attributes=_all', async () => {
    const seen = expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([], 0) });
    await client().findUserByUserName('a@x.com', { all: true });
    expect(query(seen[0]!.path).get('attributes')).toBe('_all');
  });
});

describe('listUsers pagination', () => {
  async function collect(c: ScimClient, opts: Parameters<ScimClient['listUsers']>[0]): Promise<string[][]> {
    const pages: string[][] = [];
    for await (const page of c.listUsers(opts)) pages.push(page.map((u) => u.id));
    return pages;
  }

  test('walks three pages by startIndex and count', async () => {
    const seen: Seen[] = [];
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('1', 'a'), user('2', 'b')], 5) }, seen);
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('3', 'c'), user('4', 'd')], 5) }, seen);
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('5', 'e')], 5) }, seen);
    expect(await collect(client(), { pageSize: 2, attributes: ['userName', 'emails'] })).toEqual([['1', '2'], ['3', '4'], ['5']]);
    expect(seen.map((s) => [query(s.path).get('startIndex'), query(s.path).get('count')])).toEqual([
      ['1', '2'],
      ['3', '2'],
      ['5', '2'],
    ]);
    expect(query(seen[0]!.path).get('attributes')).toBe('userName,emails');
  });

  test('advances by what a count-clamping server returned', async () => {
    const seen: Seen[] = [];
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('1', 'a'), user('2', 'b')], 3) }, seen);
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('3', 'c')], 3) }, seen);
    expect(await collect(client(), {})).toEqual([['1', '2'], ['3']]);
    expect(seen.map((s) => query(s.path).get('startIndex'))).toEqual(['1', '3']);
    expect(query(seen[0]!.path).get('count')).toBe('200');
  });

  test('stops on an empty page when totalResults is missing', async () => {
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([user('1', 'a')]) });
    expectCall('GET', `${ROOT}/Users?`, { status: 200, data: { schemas: [LIST_RESPONSE] } });
    expect(await collect(client(), {})).toEqual([['1']]);
  });
});

describe('user calls', () => {
  test('createUser fills in schemas and sends SCIM JSON', async () => {
    const seen = expectCall('POST', `${ROOT}/Users`, { status: 201, data: user('9', 'n@x.com') });
    const created = await client().createUser({ userName: 'n@x.com', [ENTERPRISE_USER]: { department: 'R&D' } });
    expect(created.id).toBe('9');
    expect(seen[0]!.headers['content-type']).toBe('application/scim+json');
    expect(seen[0]!.body).toEqual({ schemas: [CORE_USER, ENTERPRISE_USER], userName: 'n@x.com', [ENTERPRISE_USER]: { department: 'R&D' } });
  });

  test('getUser encodes the id and asks for _all', async () => {
    const seen = expectCall('GET', `${ROOT}/Users/a%2Fb`, {
      status: 200,
      data: { ...user('a/b', 'x@x.com'), [CUSTOM_USER]: { customAttributes: [{ key: 'k', values: ['v'] }] } },
    });
    const got = await client().getUser('a/b', { all: true });
    expect(query(seen[0]!.path).get('attributes')).toBe('_all');
    expect(got[CUSTOM_USER]?.customAttributes).toEqual([{ key: 'k', values: ['v'] }]);
  });

  test('replaceUser PUTs the body', async () => {
    const seen = expectCall('PUT', `${ROOT}/Users/3`, { status: 200, data: user('3', 'r@x.com') });
    await client().replaceUser('3', { schemas: [CORE_USER], userName: 'r@x.com', active: true });
    expect(seen[0]!.body).toEqual({ schemas: [CORE_USER], userName: 'r@x.com', active: true });
  });

  test('patchUser sends a PatchOp and tolerates 204', async () => {
    const seen = expectCall('PATCH', `${ROOT}/Users/1001`, { status: 204 });
    const ops = [{ op: 'replace', path: 'title', value: 'CTO' }] as const;
    await expect(client().patchUser('1001', ops)).resolves.toBeUndefined();
    expect(seen[0]!.body).toEqual({ schemas: [PATCH_OP], Operations: ops });
  });

  test('patchUser returns the user when the server sends it; no request for no operations', async () => {
    expectCall('PATCH', `${ROOT}/Users/1001`, { status: 200, data: user('1001', 'p@x.com') });
    await expect(client().patchUser('1001', [{ op: 'remove', path: 'title' }])).resolves.toMatchObject({ id: '1001' });
    await expect(client().patchUser('1001', [])).resolves.toBeUndefined();
  });

  test('deleteUser', async () => {
    const seen = expectCall('DELETE', `${ROOT}/Users/4`, { status: 204 });
    await client().deleteUser('4');
    expect(seen).toHaveLength(1);
  });

  test('numeric ids and nulls from the server are normalised', async () => {
    expectCall('GET', `${ROOT}/Users/8`, { status: 200, data: { id: 8, userName: 'n@x.com', title: null, roles: [{ value: 4 }] } });
    const got = await client().getUser('8');
    expect(got).toMatchObject({ id: '8', roles: [{ value: '4' }] });
    expect(got).not.toHaveProperty('title');
  });

  test('a client with its own agent closes it, once', async () => {
    const own = new ScimClient({ baseUrl: ORIGIN + ROOT, token: TOKEN });
    await own.close();
    await expect(own.close()).resolves.toBeUndefined();
  });

  test('a throwing onResponse hook does not break the call', async () => {
    expectCall('GET', `${ROOT}/Users/1`, { status: 200, data: user('1', 'a@x.com') });
    const c = client({
      onResponse: () => {
        throw new Error('metrics down');
      },
    });
    await expect(c.getUser('1')).resolves.toMatchObject({ id: '1' });
  });

  test('close leaves an injected dispatcher open', async () => {
    const c = client();
    await c.close();
    expectCall('GET', `${ROOT}/Users/1`, { status: 200, data: user('1', 'a@x.com') });
    await expect(client().getUser('1')).resolves.toMatchObject({ id: '1' });
  });
});
