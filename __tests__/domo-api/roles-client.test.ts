import { DomoApiClient, RoleReadBackError, type DomoApiClientOptions } from '../../src/domo/api';
import { DomoApiError } from '../../src/domo/errors';
import { ConfigError } from '../../src/errors';
import { expectCall as recordCall, ORIGIN, rejection, useMockAgent, type Seen } from '../support/domo-api-mock';

/** The Roles Governance client against undici's MockAgent: the forms it sends and the odd answers it survives. */

const ROLES = '/api/authorization/v1/roles';
const TOKEN = 'dev-token-9f8e7d6c';

const mockAgent = useMockAgent();

const client = (overrides: Partial<DomoApiClientOptions> = {}) =>
  new DomoApiClient({
    instanceUrl: ORIGIN,
    token: TOKEN,
    authScheme: 'developer-token',
    dispatcher: mockAgent(),
    sleep: async () => {},
    ...overrides,
  });
const expectCall = (method: string, path: string, reply: { status: number; data?: unknown }, seen: Seen[] = []) =>
  recordCall(mockAgent(), method, path, reply, seen);
const role = (id: number, name: string, extra: Record<string, unknown> = {}) => ({ id, name, description: '', ...extra });

describe('roles.list and roles.get', () => {
  test('read every field the page shows, ids given as numbers or strings', async () => {
    const seen = expectCall('GET', ROLES, {
      status: 200,
      data: [{ id: '101', name: 'Store Manager', description: 'x', authorityCount: 2, userCount: 3, created: 1, modified: 2, extra: true }],
    });
    expect(await client().roles.list()).toEqual([
      { id: 101, name: 'Store Manager', description: 'x', authorityCount: 2, userCount: 3, created: 1, modified: 2, extra: true },
    ]);
    expect(seen[0]!.headers['x-domo-developer-token']).toBe(TOKEN);
    expect(seen[0]!.headers.authorization).toBeUndefined();
  });

  test('get answers undefined for a 404 and fails on other errors', async () => {
    expectCall('GET', `${ROLES}/7`, { status: 404, data: { status: 404, message: 'Role 7 not found' } });
    expect(await client().roles.get(7)).toBeUndefined();
    expectCall('GET', `${ROLES}/7`, { status: 403, data: { status: 403, message: 'Missing grant: Manage All Roles' } });
    const e = await rejection(client().roles.get(7));
    expect(e).toBeInstanceOf(DomoApiError);
    expect(e.message).toBe(`Domo API GET ${ROLES}/7 failed with 403: Missing grant: Manage All Roles`);
  });

  test('a body that is not a role list names the problem', async () => {
    expectCall('GET', ROLES, { status: 200, data: { roles: [] } });
    const e = await rejection(client().roles.list());
    expect(e).toBeInstanceOf(DomoApiError);
    expect(e.message).toContain(`Domo API GET ${ROLES} returned 200 with an unexpected body`);
  });
});

describe('roles.create', () => {
  test('sends the page’s three fields and reads the role back by id', async () => {
    const seen = expectCall('POST', ROLES, { status: 200, data: { id: 1234567, name: 'Franchise Manager', description: '' } });
    expectCall('GET', `${ROLES}/1234567`, { status: 200, data: role(1234567, 'Franchise Manager', { authorityCount: 8 }) }, seen);
    const created = await client().roles.create({ name: 'Franchise Manager', fromRoleId: 4 });
    expect(created).toMatchObject({ id: 1234567, name: 'Franchise Manager', authorityCount: 8 });
    expect(seen.map((s) => [s.method, s.path, s.body])).toEqual([
      ['POST', ROLES, { name: 'Franchise Manager', description: '', fromRoleId: 4 }],
      ['GET', `${ROLES}/1234567`, undefined],
    ]);
  });

  test('a POST that failed with a 5xx, which Domo applied, is found by name and not sent again', async () => {
    const seen = expectCall('POST', ROLES, { status: 502, data: '<html>Bad gateway</html>' });
    expectCall('GET', ROLES, { status: 200, data: [role(1, 'Admin'), role(555, 'franchise manager')] }, seen);
    expectCall('GET', `${ROLES}/555`, { status: 200, data: role(555, 'Franchise Manager') }, seen);
    expect((await client().roles.create({ name: 'Franchise Manager', fromRoleId: 4 })).id).toBe(555);
    expect(seen.filter((s) => s.method === 'POST')).toHaveLength(1);
  });

  test('a POST that failed with a 5xx and left no role passes the error on', async () => {
    expectCall('POST', ROLES, { status: 503 });
    expectCall('GET', ROLES, { status: 200, data: [role(1, 'Admin')] });
    const e = await rejection(client().roles.create({ name: 'Franchise Manager', fromRoleId: 4 }));
    expect(e).toMatchObject({ name: 'DomoApiError', status: 503 });
  });

  test('a 409 is passed on without a lookup', async () => {
    expectCall('POST', ROLES, { status: 409, data: { status: 409, message: 'A role named "Franchise Manager" already exists' } });
    const e = await rejection(client().roles.create({ name: 'Franchise Manager', fromRoleId: 4 }));
    expect(e.message).toBe(`Domo API POST ${ROLES} failed with 409: A role named "Franchise Manager" already exists`);
  });

  test('an answer without the role, and no role of that name, is a RoleReadBackError', async () => {
    expectCall('POST', ROLES, { status: 200 });
    expectCall('GET', ROLES, { status: 200, data: [] });
    const e = await rejection(client().roles.create({ name: 'Franchise Manager', fromRoleId: 4 }));
    expect(e).toBeInstanceOf(RoleReadBackError);
    expect(e.message).toBe('Domo answered the creation of role "Franchise Manager", but no role of that name can be read back');
  });

  test.each([
    [{ name: ' ', fromRoleId: 4 }, 'Role name " " is blank'],
    [{ name: 'X', fromRoleId: 0 }, 'Role id 0 is invalid: role ids are positive whole numbers'],
    [{ name: 'X', fromRoleId: 4, description: 7 as unknown as string }, 'Role "X": description must be a string'],
  ])('refuses %j before sending anything', async (input, message) => {
    const e = await rejection(client().roles.create(input));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(message);
  });
});

describe('roles.authorities and roles.setAuthorities', () => {
  test('read [{authority}] (or bare strings) as grant ids, each once', async () => {
    expectCall('GET', `${ROLES}/101/authorities`, {
      status: 200,
      data: [{ authority: 'card.edit', roleIds: [101] }, 'dataset.export', { authority: 'card.edit' }],
    });
    expect(await client().roles.authorities(101)).toEqual(['card.edit', 'dataset.export']);
  });

  test('PATCH the complete list as a JSON array, then read it back', async () => {
    const seen = expectCall('PATCH', `${ROLES}/101/authorities`, { status: 200, data: { status: 'SUCCESS', message: '' } });
    expectCall(
      'GET',
      `${ROLES}/101/authorities`,
      { status: 200, data: [{ authority: 'dataset.export' }, { authority: 'card.edit' }] },
      seen,
    );
    expect(await client().roles.setAuthorities(101, ['card.edit', 'dataset.export', 'card.edit'])).toEqual(['dataset.export', 'card.edit']);
    expect(seen.map((s) => [s.method, s.body])).toEqual([
      ['PATCH', ['card.edit', 'dataset.export']],
      ['GET', undefined],
    ]);
    expect(seen[0]!.headers['content-type']).toBe('application/json');
  });

  test('a PATCH retried after a 503 is safe: it sends the whole list again', async () => {
    const seen = expectCall('PATCH', `${ROLES}/101/authorities`, { status: 503 });
    expectCall('PATCH', `${ROLES}/101/authorities`, { status: 200, data: { status: 'SUCCESS', message: '' } }, seen);
    expectCall('GET', `${ROLES}/101/authorities`, { status: 200, data: [] }, seen);
    expect(await client().roles.setAuthorities(101, [])).toEqual([]);
    expect(seen.map((s) => s.body)).toEqual([[], [], undefined]);
  });

  test('a 200 with another status than SUCCESS is a failure, with Domo’s message', async () => {
    expectCall('PATCH', `${ROLES}/101/authorities`, { status: 200, data: { status: 'FAILURE', message: 'grant locked' } });
    const e = await rejection(client().roles.setAuthorities(101, ['card.edit']));
    expect(e).toBeInstanceOf(DomoApiError);
    expect(e.message).toBe(`Domo API PATCH ${ROLES}/101/authorities answered status FAILURE: grant locked`);
  });

  test('a write accepted but not applied is caught by the read-back', async () => {
    expectCall('PATCH', `${ROLES}/101/authorities`, { status: 204 });
    expectCall('GET', `${ROLES}/101/authorities`, { status: 200, data: [{ authority: 'card.edit' }, { authority: 'pdp.manage' }] });
    const e = await rejection(client().roles.setAuthorities(101, ['card.edit', 'dataset.export']));
    expect(e).toBeInstanceOf(RoleReadBackError);
    expect(e.message).toBe(
      'Domo accepted the grants of role 101, but reading them back shows missing dataset.export; not asked for pdp.manage',
    );
  });

  test.each([
    [
      2,
      ['card.edit'],
      'Role 2 is a system role (1 Admin .. 5 Social) and cannot be changed; create a custom role from it (fromRoleId 2) instead',
    ],
    [101, ['card edit'], 'Grant ids must be non-empty and without spaces, got "card edit"'],
    [101, [''], 'Grant ids must be non-empty and without spaces, got ""'],
    [-1, [], 'Role id -1 is invalid: role ids are positive whole numbers'],
  ])('refuses role %s with %j before sending anything', async (id, grants, message) => {
    const e = await rejection(client().roles.setAuthorities(id, grants));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe(message);
  });
});

describe('roles.delete and authorities.list', () => {
  test('delete sends DELETE and refuses a system role', async () => {
    const seen = expectCall('DELETE', `${ROLES}/101`, { status: 204 });
    await client().roles.delete(101);
    expect(seen[0]!.method).toBe('DELETE');
    await expect(client().roles.delete(1)).rejects.toThrow('Role 1 is a system role (1 Admin .. 5 Social) and cannot be deleted');
  });

  test('authorities.list reads ids, titles and holders, tolerating absent fields', async () => {
    expectCall('GET', '/api/authorization/v1/authorities', {
      status: 200,
      data: [
        { authority: 'dataset.export', title: 'Export Data', description: 'd', authorityUIGroup: 'Data', roleIds: [1, '101'] },
        { authority: 'user.invite', title: null },
      ],
    });
    expect(await client().authorities.list()).toEqual([
      { authority: 'dataset.export', title: 'Export Data', description: 'd', authorityUIGroup: 'Data', roleIds: [1, 101] },
      { authority: 'user.invite', title: undefined, description: undefined, authorityUIGroup: undefined, roleIds: undefined },
    ]);
  });
});
