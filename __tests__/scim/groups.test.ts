import { MockAgent } from 'undici';
import { ConfigError } from '../../src/errors';
import { fakeClock, type FakeClock } from '../support/fake-clock';
import {
  CORE_GROUP,
  DOMO_GROUP,
  ERROR,
  GROUP_PATHS,
  LIST_RESPONSE,
  PATCH_OP,
  ScimClient,
  ScimError,
  type GroupPatchOperation,
  type ScimClientOptions,
} from '../../src/domo/scim';

const ORIGIN = 'https://acme.domo.com';
const ROOT = '/api/identity/v1/scim';
const TOKEN = 'tok-groups-5f4e3d';

interface Seen {
  path: string;
  method: string;
  body: unknown;
}

let agent: MockAgent;
let clock: FakeClock;
beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  clock = fakeClock(Date.UTC(2026, 0, 1));
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

function client(overrides: Partial<ScimClientOptions> = {}): ScimClient {
  return new ScimClient({
    baseUrl: ORIGIN + ROOT,
    token: TOKEN,
    dispatcher: agent,
    // A Retry-After wait is measured against the fake clock, never against real time.
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    ...overrides,
  });
}

/** Replies with `reply` to the next request matching method and path prefix, recording what was sent. */
function expectCall(
  method: string,
  pathPrefix: string,
  reply: { status: number; data?: unknown; headers?: Record<string, string> },
  seen: Seen[] = [],
): Seen[] {
  agent
    .get(ORIGIN)
    .intercept({ method, path: (p) => p.startsWith(pathPrefix) })
    .reply((opts) => {
      seen.push({ path: opts.path, method: opts.method, body: typeof opts.body === 'string' ? JSON.parse(opts.body) : undefined });
      return {
        statusCode: reply.status,
        data: reply.data === undefined ? '' : JSON.stringify(reply.data),
        responseOptions: { headers: reply.headers ?? {} },
      };
    });
  return seen;
}

const query = (path: string) => new URL(path, ORIGIN).searchParams;
const group = (id: string, displayName: string, extra: Record<string, unknown> = {}) => ({
  schemas: [CORE_GROUP, DOMO_GROUP],
  id,
  displayName,
  ...extra,
});
const list = (resources: unknown[], totalResults?: number) => ({ schemas: [LIST_RESPONSE], totalResults, Resources: resources });
const scimError = (status: number, scimType: string | undefined, detail: string) => ({
  schemas: [ERROR],
  status: String(status),
  scimType,
  detail,
});

describe('getGroup', () => {
  test('reads the group, members and Domo block, normalising numbers and nulls', async () => {
    const seen = expectCall('GET', `${ROOT}/Groups/5001`, {
      status: 200,
      data: group('5001', 'Crew', {
        members: [{ value: 1001, display: 'a@x.com', $ref: 'u' }, { value: '1002' }],
        [DOMO_GROUP]: { domoDisplayName: 'Crew', description: null },
        extra: 1,
      }),
    });
    const got = await client().getGroup('5001');
    expect(got).toMatchObject({
      id: '5001',
      displayName: 'Crew',
      members: [{ value: '1001', display: 'a@x.com' }, { value: '1002' }],
      [DOMO_GROUP]: { domoDisplayName: 'Crew' },
      extra: 1,
    });
    expect(got[DOMO_GROUP]).not.toHaveProperty('description');
    expect(seen[0]!.path).toBe(`${ROOT}/Groups/5001`);
  });

  test('excludeMembers asks for excludedAttributes=members; the id is encoded', async () => {
    const seen = expectCall('GET', `${ROOT}/Groups/a%2Fb`, { status: 200, data: group('a/b', 'X') });
    const got = await client().getGroup('a/b', { excludeMembers: true });
    expect(query(seen[0]!.path).get('excludedAttributes')).toBe('members');
    expect(got.members).toBeUndefined();
  });

  test('a missing id is a ConfigError, a body without displayName a ScimError', async () => {
    await expect(client().getGroup(' ')).rejects.toThrow(ConfigError);
    expectCall('GET', `${ROOT}/Groups/1`, { status: 200, data: { id: '1' } });
    await expect(client().getGroup('1')).rejects.toThrow(/unexpected body[\s\S]*displayName/);
  });

  test('is retried on 503 and 429 like user reads', async () => {
    expectCall('GET', `${ROOT}/Groups/5001`, { status: 503, data: scimError(503, undefined, 'busy') });
    expectCall('GET', `${ROOT}/Groups/5001`, { status: 429, headers: { 'retry-after': '3' } });
    expectCall('GET', `${ROOT}/Groups/5001`, { status: 200, data: group('5001', 'Crew') });
    await expect(client().getGroup('5001')).resolves.toMatchObject({ id: '5001' });
    expect(clock.sleeps).toEqual([100, 3000]);
  });
});

describe('listGroups', () => {
  test('pages by startIndex and count, with filter and excludedAttributes', async () => {
    const seen: Seen[] = [];
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('1', 'a'), group('2', 'b')], 3) }, seen);
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('3', 'c')], 3) }, seen);
    const pages: string[][] = [];
    for await (const page of client().listGroups({ filter: 'displayName sw "a"', excludeMembers: true, pageSize: 2 }))
      pages.push(page.map((g) => g.id));
    expect(pages).toEqual([['1', '2'], ['3']]);
    expect(seen.map((s) => [query(s.path).get('startIndex'), query(s.path).get('count')])).toEqual([
      ['1', '2'],
      ['3', '2'],
    ]);
    expect(query(seen[0]!.path).get('filter')).toBe('displayName sw "a"');
    expect(query(seen[0]!.path).get('excludedAttributes')).toBe('members');
  });

  test('sends neither filter nor excludedAttributes unless asked; rejects a bad page size', async () => {
    const seen = expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([], 0) });
    for await (const page of client().listGroups()) expect(page).toEqual([]);
    expect([...query(seen[0]!.path).keys()]).toEqual(['startIndex', 'count']);
    expect(() => client().listGroups({ pageSize: 0 })).toThrow(ConfigError);
  });
});

describe('findGroupByDisplayName', () => {
  test('filters by the escaped displayName without members and matches case-insensitively', async () => {
    const seen = expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('5002', 'Kitchen "Night" \\ Crew')], 1) });
    await expect(client().findGroupByDisplayName('kitchen "night" \\ crew')).resolves.toMatchObject({ id: '5002' });
    expect(query(seen[0]!.path).get('filter')).toBe('displayName eq "kitchen \\"night\\" \\\\ crew"');
    expect(query(seen[0]!.path).get('excludedAttributes')).toBe('members');
    expect(seen[0]!.path).toContain('filter=displayName%20eq%20');
  });

  test('accepts a server that ignores the filter and lists every group, paging until the name turns up', async () => {
    const seen: Seen[] = [];
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('1', 'Crew A'), group('2', 'Crew B')], 4) }, seen);
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('3', 'Crew C'), group('4', 'Crew D')], 4) }, seen);
    await expect(client().findGroupByDisplayName('crew c')).resolves.toMatchObject({ id: '3' });
    expect(seen).toHaveLength(2);
  });

  test('never returns a different group', async () => {
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('1', 'Crew'), group('2', 'Crew 2')], 2) });
    await expect(client().findGroupByDisplayName('Crew 3')).resolves.toBeUndefined();
  });

  test.each([400, 403, 404, 501])(
    'falls back to a listing of all groups without members when the filter is refused with %i',
    async (status) => {
      const seen: Seen[] = [];
      expectCall(
        'GET',
        `${ROOT}/Groups?`,
        { status, data: scimError(status, status === 400 ? 'invalidFilter' : undefined, 'Filtering is not supported') },
        seen,
      );
      expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('1', 'Other'), group('2', 'Crew')], 3) }, seen);
      expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('3', 'Franchise - Gulf Coast Grill')], 3) }, seen);
      const c = client();
      await expect(c.findGroupByDisplayName('FRANCHISE - gulf coast grill')).resolves.toMatchObject({ id: '3' });
      expect(seen.map((s) => query(s.path).get('filter'))).toEqual(['displayName eq "FRANCHISE - gulf coast grill"', null, null]);
      expect(seen.slice(1).map((s) => [query(s.path).get('startIndex'), query(s.path).get('excludedAttributes')])).toEqual([
        ['1', 'members'],
        ['3', 'members'],
      ]);

      // The client remembers the refusal: the next lookup goes straight to the listing.
      const again = expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('2', 'Crew')], 1) });
      await expect(c.findGroupByDisplayName('crew')).resolves.toMatchObject({ id: '2' });
      expect(query(again[0]!.path).get('filter')).toBeNull();
    },
  );

  test('the fallback resolves undefined when no group has the name', async () => {
    expectCall('GET', `${ROOT}/Groups?`, { status: 501, data: 'Not Implemented' });
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('1', 'Other')], 1) });
    await expect(client().findGroupByDisplayName('Crew')).resolves.toBeUndefined();
  });

  test('other errors are not a reason to fall back', async () => {
    expectCall('GET', `${ROOT}/Groups?`, { status: 401, data: scimError(401, undefined, 'bad token') });
    const error = await client()
      .findGroupByDisplayName('Crew')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect((error as ScimError).status).toBe(401);
  });

  test('a retryable error on the filtered request is retried, not a reason to fall back', async () => {
    const seen: Seen[] = [];
    expectCall('GET', `${ROOT}/Groups?`, { status: 503 }, seen);
    expectCall('GET', `${ROOT}/Groups?`, { status: 200, data: list([group('9', 'Crew')], 1) }, seen);
    await expect(client().findGroupByDisplayName('Crew')).resolves.toMatchObject({ id: '9' });
    expect(seen.every((s) => query(s.path).get('filter') === 'displayName eq "Crew"')).toBe(true);
  });
});

describe('group writes', () => {
  test('createGroup fills in schemas, POSTs and is not retried on 500', async () => {
    const seen = expectCall('POST', `${ROOT}/Groups`, { status: 201, data: group('5001', 'Crew', { members: [{ value: '1' }] }) });
    const created = await client().createGroup({
      displayName: 'Crew',
      members: [{ value: '1' }],
      [DOMO_GROUP]: { domoDisplayName: 'The Crew' },
    });
    expect(created.id).toBe('5001');
    expect(seen[0]!.body).toEqual({
      schemas: [CORE_GROUP, DOMO_GROUP],
      displayName: 'Crew',
      members: [{ value: '1' }],
      [DOMO_GROUP]: { domoDisplayName: 'The Crew' },
    });

    const plain = expectCall('POST', `${ROOT}/Groups`, { status: 201, data: group('5002', 'Plain') });
    await client().createGroup({ displayName: 'Plain' });
    expect(plain[0]!.body).toEqual({ schemas: [CORE_GROUP], displayName: 'Plain' });

    expectCall('POST', `${ROOT}/Groups`, { status: 500, data: scimError(500, undefined, 'oops') });
    await expect(client().createGroup({ displayName: 'Once' })).rejects.toMatchObject({ status: 500 });
  });

  test('createGroup surfaces a 409 uniqueness as a ScimError with its SCIM fields', async () => {
    expectCall('POST', `${ROOT}/Groups`, { status: 409, data: scimError(409, 'uniqueness', 'displayName "Crew" is already used') });
    await expect(client().createGroup({ displayName: 'Crew' })).rejects.toMatchObject({
      status: 409,
      scimType: 'uniqueness',
      method: 'POST',
      path: '/Groups',
    });
  });

  test('replaceGroup PUTs the body as given and is retried on 502', async () => {
    const seen: Seen[] = [];
    expectCall('PUT', `${ROOT}/Groups/5001`, { status: 502 }, seen);
    expectCall('PUT', `${ROOT}/Groups/5001`, { status: 200, data: group('5001', 'Crew') }, seen);
    await client().replaceGroup('5001', { schemas: [CORE_GROUP], displayName: 'Crew', members: [] });
    expect(seen.map((s) => s.body)).toEqual([
      { schemas: [CORE_GROUP], displayName: 'Crew', members: [] },
      { schemas: [CORE_GROUP], displayName: 'Crew', members: [] },
    ]);
  });

  test('patchGroup sends a PatchOp, returns the group, tolerates 204 and sends nothing for no operations', async () => {
    const ops: GroupPatchOperation[] = [
      { op: 'Add', path: GROUP_PATHS.members, value: [{ value: '1001' }] },
      { op: 'Replace', path: GROUP_PATHS.domoDisplayName, value: 'Crew' },
    ];
    const seen = expectCall('PATCH', `${ROOT}/Groups/5001`, { status: 200, data: group('5001', 'Crew') });
    await expect(client().patchGroup('5001', ops)).resolves.toMatchObject({ id: '5001' });
    expect(seen[0]!.body).toEqual({ schemas: [PATCH_OP], Operations: ops });
    expectCall('PATCH', `${ROOT}/Groups/5001`, { status: 204 });
    await expect(client().patchGroup('5001', ops)).resolves.toBeUndefined();
    await expect(client().patchGroup('5001', [])).resolves.toBeUndefined();
  });

  test('patchGroup is retried on 429 and refuses an operation without path before sending', async () => {
    expectCall('PATCH', `${ROOT}/Groups/5001`, { status: 429 });
    expectCall('PATCH', `${ROOT}/Groups/5001`, { status: 204 });
    await expect(client().patchGroup('5001', [{ op: 'Remove', path: 'members', value: [{ value: '1' }] }])).resolves.toBeUndefined();
    const untyped = [{ op: 'Replace', value: { displayName: 'X' } }] as unknown as GroupPatchOperation[];
    await expect(client().patchGroup('5001', untyped)).rejects.toThrow(
      'group PATCH operations[0] has no "path": Domo requires one on every group operation',
    );
  });

  test("patchGroup surfaces Domo's invalidValue for unknown members", async () => {
    expectCall('PATCH', `${ROOT}/Groups/5001`, { status: 400, data: scimError(400, 'invalidValue', 'Unknown user id(s) in members: 9') });
    await expect(client().patchGroup('5001', [{ op: 'Add', path: 'members', value: [{ value: '9' }] }])).rejects.toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      detail: 'Unknown user id(s) in members: 9',
    });
  });

  test('deleteGroup DELETEs, retried on a reset connection', async () => {
    const seen: Seen[] = [];
    agent
      .get(ORIGIN)
      .intercept({ method: 'DELETE', path: `${ROOT}/Groups/5001` })
      .replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    expectCall('DELETE', `${ROOT}/Groups/5001`, { status: 204 }, seen);
    await client().deleteGroup('5001');
    expect(seen).toHaveLength(1);
  });
});

describe('listUsers with attributes', () => {
  test("attributes: ['userName'] is a cheap userName -> id listing", async () => {
    const seen = expectCall('GET', `${ROOT}/Users?`, { status: 200, data: list([{ id: '1', userName: 'a@x.com', schemas: ['x'] }], 1) });
    const pages = [];
    for await (const page of client().listUsers({ attributes: ['userName'] })) pages.push(...page.map((u) => [u.userName, u.id]));
    expect(pages).toEqual([['a@x.com', '1']]);
    expect(query(seen[0]!.path).get('attributes')).toBe('userName');
  });
});
