import { CUSTOM_USER } from '../src/contract';
import { parseSeed, RunningEmulator } from '../src';
import { call, newGroup, newUser, patchBody, start, testSeed } from './helpers';

let em: RunningEmulator;
beforeEach(async () => {
  em = await start({ seed: parseSeed({ ...testSeed(), roles: [{ id: 101, name: 'Store Manager' }] }, 'roles seed') });
});
afterEach(() => em.close());

const admin = (method: string, path: string, body?: unknown) =>
  call(em.url, method, `/_emulator${path}`, { body, headers: { 'content-type': 'application/json' } });

describe('custom roles in SCIM', () => {
  it('accepts a custom role id on create and patch, and shows its name', async () => {
    const created = await call(em.scimUrl, 'POST', '/Users', { body: newUser('new@acme.example', { roles: [{ value: '101' }] }) });
    expect(created.status).toBe(201);
    expect(created.json.roles).toEqual([{ value: '101', display: 'Store Manager' }]);
    const patched = await call(em.scimUrl, 'PATCH', '/Users/1002', {
      body: patchBody({ op: 'replace', path: 'roles', value: [{ value: 101 }] }),
    });
    expect(patched.json.roles).toEqual([{ value: '101', display: 'Store Manager' }]);
    expect(em.store.getUser('1002')!.roleId).toBe(101);
  });

  it('still refuses a role id nobody defined, naming it', async () => {
    const res = await call(em.scimUrl, 'PATCH', '/Users/1002', {
      body: patchBody({ op: 'replace', path: 'roles', value: [{ value: '102' }] }),
    });
    expect(res.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
    expect(res.json.detail).toContain('Unknown role id "102"');
    expect((await admin('PUT', '/users/x@acme.example', { roleId: 102 })).json.detail).toContain('Unknown role id 102');
    expect((await admin('PUT', '/users/x@acme.example', { roleId: 101 })).status).toBe(201);
  });
});

describe('the token owner’s grants', () => {
  const patchStore = () =>
    call(em.scimUrl, 'PATCH', '/Users/1001', {
      body: patchBody({ op: 'replace', path: `${CUSTOM_USER}:customAttributes[key eq "storeNumber"]`, value: ['9'] }),
    });

  it('has every grant by default', async () => {
    expect(em.store.grants()).toEqual(['Manage All Users', 'Manage All Roles', 'Manage All Groups']);
    expect((await patchStore()).status).toBe(200);
  });

  it('refuses user writes without Manage All Users with 403, but lets reads through', async () => {
    expect((await admin('PUT', '/token-owner', { userName: 'robot@acme.example', grants: ['Manage All Groups'] })).status).toBe(204);
    const res = await patchStore();
    expect(res.status).toBe(403);
    expect(res.json).toMatchObject({ status: '403' });
    expect(res.json.detail).toBe(
      "Missing grant: Manage All Users (the token's owner, robot@acme.example, needs it to create, change or delete users)",
    );
    expect(em.store.getUser('1001')!.customAttributes['storeNumber']).toEqual(['101']);
    for (const [method, path, body] of [
      ['POST', '/Users', newUser('n@acme.example')],
      ['PUT', '/Users/1002', newUser('John.Smith@acme.example')],
      ['DELETE', '/Users/1004', undefined],
    ] as const) {
      expect((await call(em.scimUrl, method, path, { body })).status).toBe(403);
    }
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(200);
    expect((await call(em.scimUrl, 'GET', '/Groups')).status).toBe(200);
  });

  it('refuses every group request without Manage All Groups', async () => {
    await admin('PUT', '/token-owner', { userName: 'robot@acme.example', grants: ['Manage All Users'] });
    const list = await call(em.scimUrl, 'GET', '/Groups', { query: { count: '1' } });
    expect(list.status).toBe(403);
    expect(list.json.detail).toContain('Missing grant: Manage All Groups');
    expect((await call(em.scimUrl, 'POST', '/Groups', { body: newGroup('Crew') })).status).toBe(403);
    expect(em.store.listGroups()).toEqual([]);
    expect((await patchStore()).status).toBe(200);
  });

  it('defaults the grants of a token owner to all three, goes back with null, and is kept in snapshots', async () => {
    await admin('PUT', '/token-owner', { userName: 'robot@acme.example' });
    expect(em.snapshot().tokenOwner).toEqual({
      userName: 'robot@acme.example',
      grants: ['Manage All Users', 'Manage All Roles', 'Manage All Groups'],
    });
    await admin('PUT', '/token-owner', { userName: 'robot@acme.example', grants: [] });
    expect((await patchStore()).status).toBe(403);
    expect((await admin('PUT', '/token-owner', null)).status).toBe(204);
    expect(em.snapshot().tokenOwner).toBeUndefined();
    expect((await patchStore()).status).toBe(200);
  });

  it('answers 400 for an invalid token owner', async () => {
    const res = await admin('PUT', '/token-owner', { userName: 'robot', grants: 'all' });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('Invalid token owner');
  });
});
