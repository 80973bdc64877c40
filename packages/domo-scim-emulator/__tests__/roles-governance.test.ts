import { AUTHORITIES_PATH, ROLES_PATH } from '../src/contract';
import { parseSeed, RunningEmulator, SeedInput } from '../src';
import { call, start, testSeed, TOKEN } from './helpers';

/** The Roles Governance API as Domo's developer portal documents it, and nothing else. */

const T0 = Date.UTC(2025, 0, 1);
let clock = T0;
let em: RunningEmulator;

function rolesSeed(extra: Partial<SeedInput> = {}) {
  const seed = testSeed();
  return parseSeed(
    {
      ...seed,
      roles: [
        { id: 101, name: 'Store Manager', description: 'Runs one store', grants: ['card.edit', 'alert.edit'] },
        { id: 102, name: 'Auditor', grants: [] },
      ],
      users: seed.users.map((u, i) => (i < 2 ? { ...u, roleId: 101 } : u)),
      ...extra,
    },
    'roles seed',
  );
}

beforeEach(async () => {
  clock = T0;
  em = await start({ seed: rolesSeed(), now: () => clock });
});
afterEach(() => em.close());

/** A request as the page shows it: the developer token header, a JSON body. */
const api = (method: string, path: string, body?: unknown, query?: Record<string, string>) =>
  call(em.url, method, path, {
    body,
    query,
    auth: false,
    headers: { 'x-domo-developer-token': TOKEN, 'content-type': 'application/json' },
  });
const grantsOf = async (id: number) =>
  (await api('GET', `${ROLES_PATH}/${id}/authorities`)).json.map((a: { authority: string }) => a.authority);

describe('roles', () => {
  it('lists every role as the page shows it, counting users and grants', async () => {
    const res = await api('GET', ROLES_PATH);
    expect(res.status).toBe(200);
    expect(res.json.map((r: { id: number; name: string }) => `${r.id} ${r.name}`)).toEqual([
      '1 Admin',
      '2 Privileged',
      '3 Editor',
      '4 Participant',
      '5 Social',
      '101 Store Manager',
      '102 Auditor',
    ]);
    expect(res.json[5]).toEqual({
      id: 101,
      name: 'Store Manager',
      description: 'Runs one store',
      authorityCount: 2,
      userCount: 2,
      created: T0,
      modified: T0,
    });
    expect(res.json[0]).toMatchObject({ name: 'Admin', description: 'Full access to everything', authorityCount: 28 });
    expect(res.json[4]).toMatchObject({ name: 'Social', authorityCount: 2 });
    expect(res.json.reduce((n: number, r: { userCount: number }) => n + r.userCount, 0)).toBe(em.store.listUsers().length);
  });

  it('gets one role by id; an unknown id is a 404, a non-numeric one a 400', async () => {
    expect((await api('GET', `${ROLES_PATH}/102`)).json).toEqual({
      id: 102,
      name: 'Auditor',
      description: '',
      authorityCount: 0,
      userCount: 0,
      created: T0,
      modified: T0,
    });
    const missing = await api('GET', `${ROLES_PATH}/999`);
    expect(missing.status).toBe(404);
    expect(missing.json).toEqual({ status: 404, statusReason: 'Not Found', message: 'Role 999 not found' });
    expect((await api('GET', `${ROLES_PATH}/abc`)).json.message).toBe(
      'Role id "abc" is not a number: the Roles Governance API takes numeric role ids',
    );
  });

  it('creates a role holding a copy of fromRoleId’s grants, answering {id, name, description}', async () => {
    clock = T0 + 5000;
    const res = await api('POST', ROLES_PATH, { name: 'Franchise Manager', description: 'Runs a franchise', fromRoleId: 101 });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ id: 103, name: 'Franchise Manager', description: 'Runs a franchise' });
    expect(await grantsOf(103)).toEqual(['card.edit', 'alert.edit']);
    expect((await api('GET', `${ROLES_PATH}/103`)).json).toMatchObject({ authorityCount: 2, userCount: 0, created: T0 + 5000 });
    const fromSocial = await api('POST', ROLES_PATH, { name: 'Viewer', description: '', fromRoleId: 5 });
    expect(await grantsOf(fromSocial.json.id)).toEqual(['alert.subscribe', 'client.create']);
    expect(em.requests.filter((r) => r.method === 'POST').map((r) => [r.path, r.status, r.body])).toEqual([
      [ROLES_PATH, 200, { name: 'Franchise Manager', description: 'Runs a franchise', fromRoleId: 101 }],
      [ROLES_PATH, 200, { name: 'Viewer', description: '', fromRoleId: 5 }],
    ]);
  });

  it.each([
    [
      'a name another role has, in any case',
      { name: 'store manager', description: '', fromRoleId: 4 },
      409,
      'A role named "Store Manager" already exists (role 101)',
    ],
    ['a system role’s name', { name: 'EDITOR', description: '', fromRoleId: 4 }, 409, 'A role named "Editor" already exists (role 3)'],
    ['an unknown fromRoleId', { name: 'X', description: '', fromRoleId: 77 }, 400, 'fromRoleId 77 is not a role of the instance'],
    ['no fromRoleId', { name: 'X', description: '' }, 400, 'fromRoleId'],
    ['no description', { name: 'X', fromRoleId: 4 }, 400, 'description'],
    ['a blank name', { name: ' ', description: '', fromRoleId: 4 }, 400, 'must not be blank'],
    ['a field the page does not document', { name: 'X', description: '', fromRoleId: 4, grants: ['card.edit'] }, 400, 'grants'],
  ])('refuses a create with %s, creating nothing', async (_what, body, status, message) => {
    const res = await api('POST', ROLES_PATH, body);
    expect(res.status).toBe(status);
    expect(res.json.message).toContain(message);
    expect(em.store.roles()).toHaveLength(7);
  });

  it('deletes a custom role nobody holds, and refuses system roles and roles with users', async () => {
    expect((await api('DELETE', `${ROLES_PATH}/102`)).status).toBe(204);
    expect(em.store.role(102)).toBeUndefined();
    const held = await api('DELETE', `${ROLES_PATH}/101`);
    expect(held.status).toBe(409);
    expect(held.json.message).toBe('Role 101 (Store Manager) cannot be deleted: 2 users hold it; give them another role first');
    const system = await api('DELETE', `${ROLES_PATH}/4`);
    expect(system.status).toBe(403);
    expect(system.json.message).toBe(
      'Role 4 (Participant) is a system role: it cannot be deleted; create a custom role from it (POST with "fromRoleId": 4) instead',
    );
    expect((await api('DELETE', `${ROLES_PATH}/102`)).status).toBe(404);
  });
});

describe('authorities', () => {
  it('reads a role’s grants as [{authority}]', async () => {
    expect((await api('GET', `${ROLES_PATH}/101/authorities`)).json).toEqual([{ authority: 'card.edit' }, { authority: 'alert.edit' }]);
    expect(await grantsOf(1)).toContain('role.manage');
    expect(await grantsOf(102)).toEqual([]);
  });

  it('PATCH replaces the whole set with the body, as the page says, and answers SUCCESS', async () => {
    clock = T0 + 60_000;
    const res = await api('PATCH', `${ROLES_PATH}/101/authorities`, ['dataset.export', 'card.edit', 'dataset.export']);
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'SUCCESS', message: '' });
    expect(await grantsOf(101)).toEqual(['dataset.export', 'card.edit']);
    expect((await api('GET', `${ROLES_PATH}/101`)).json).toMatchObject({ authorityCount: 2, created: T0, modified: T0 + 60_000 });
    expect((await api('PATCH', `${ROLES_PATH}/101/authorities`, [])).status).toBe(200);
    expect(await grantsOf(101)).toEqual([]);
    expect(em.requests.filter((r) => r.method === 'PATCH').map((r) => r.body)).toEqual([
      ['dataset.export', 'card.edit', 'dataset.export'],
      [],
    ]);
  });

  it.each([
    ['an object body', 101, { authorities: ['dataset.export'] }, 400, 'The body must be a JSON array of grant ids'],
    ['no body', 101, undefined, 400, 'The body must be a JSON array of grant ids'],
    ['a non-string entry', 101, ['card.edit', 7], 400, 'Invalid grant list'],
    ['unknown grants', 101, ['card.edit', 'dataset.exprot', 'x'], 400, 'Role 101 (Store Manager): unknown grant(s) "dataset.exprot", "x"'],
    ['a system role', 2, ['card.edit'], 403, 'Role 2 (Privileged) is a system role: its grants cannot be changed'],
    ['an unknown role', 999, ['card.edit'], 404, 'Role 999 not found'],
  ])('refuses a PATCH with %s, changing nothing', async (_what, id, body, status, message) => {
    const before = em.snapshot().roles;
    const res = await api('PATCH', `${ROLES_PATH}/${id}/authorities`, body);
    expect(res.status).toBe(status);
    expect(res.json.message).toContain(message);
    expect(em.snapshot().roles).toEqual(before);
  });

  it('lists every grant with its title, description and the roles holding it', async () => {
    const res = await api('GET', AUTHORITIES_PATH);
    expect(res.status).toBe(200);
    expect(res.json).toHaveLength(28);
    expect(res.json.find((a: { authority: string }) => a.authority === 'card.edit')).toEqual({
      authority: 'card.edit',
      title: 'Edit Cards',
      description: 'Create, edit and delete cards and Beast Modes they can access',
      authorityUIGroup: 'Cards and Pages',
      roleIds: [1, 2, 3, 101],
    });
    expect(res.json.find((a: { authority: string }) => a.authority === 'pdp.manage').roleIds).toEqual([1]);
  });
});

describe('forms the page does not document', () => {
  it.each([
    ['PUT', `${ROLES_PATH}/101/authorities`, ['card.edit'], 405],
    ['POST', `${ROLES_PATH}/101/authorities`, ['card.edit'], 405],
    ['DELETE', `${ROLES_PATH}/101/authorities`, undefined, 405],
    ['PUT', `${ROLES_PATH}/101`, { name: 'Store Boss', description: '' }, 405],
    ['PATCH', `${ROLES_PATH}/101`, { name: 'Store Boss' }, 405],
    ['POST', AUTHORITIES_PATH, { authority: 'x.y' }, 405],
    ['GET', `${ROLES_PATH}/101/users`, undefined, 404],
    ['PUT', `${ROLES_PATH}/101/authorities/card.edit`, undefined, 404],
  ])('%s %s is refused, changing nothing', async (method, path, body, status) => {
    const before = em.snapshot();
    const res = await api(method, path, body);
    expect(res.status).toBe(status);
    expect(res.json.message).toMatch(status === 405 ? /^Method \w+ is not allowed on / : /^No such endpoint: /);
    expect(em.snapshot()).toEqual(before);
    expect(em.requests.at(-1)).toMatchObject({ method, path, status });
  });

  it('refuses query parameters, which the page documents none of', async () => {
    const res = await api('GET', ROLES_PATH, undefined, { limit: '10' });
    expect(res.status).toBe(400);
    expect(res.json.message).toBe('The Roles Governance API documents no query parameters; got "limit"');
  });
});

describe('Manage All Roles', () => {
  it('is needed by every call: 403 naming the grant, nothing changed', async () => {
    em.store.setTokenOwner({ userName: 'robot@acme.example', grants: ['Manage All Users', 'Manage All Groups'] });
    const before = em.snapshot().roles;
    for (const [method, path, body] of [
      ['GET', ROLES_PATH],
      ['GET', `${ROLES_PATH}/101`],
      ['POST', ROLES_PATH, { name: 'X', description: '', fromRoleId: 4 }],
      ['DELETE', `${ROLES_PATH}/102`],
      ['GET', `${ROLES_PATH}/101/authorities`],
      ['PATCH', `${ROLES_PATH}/101/authorities`, ['card.edit']],
      ['GET', AUTHORITIES_PATH],
    ] as const) {
      const res = await api(method, path, body);
      expect(res.status).toBe(403);
      expect(res.json.message).toBe(
        "Missing grant: Manage All Roles (the token's owner, robot@acme.example, needs it to read or manage roles and their grants)",
      );
    }
    expect(em.snapshot().roles).toEqual(before);
  });
});
