import { RunningEmulator } from '../src';
import { CORE_GROUP } from '../src/contract';
import { call, start, testSeed } from './helpers';

let em: RunningEmulator;
beforeEach(async () => {
  em = await start();
});
afterEach(() => em.close());

const admin = (method: string, path: string, body?: unknown) =>
  call(em.url, method, `/_emulator${path}`, { body, headers: { 'content-type': 'application/json' } });

describe('admin API', () => {
  it('GET /state returns the snapshot', async () => {
    const res = await admin('GET', '/state');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.json).toEqual(testSeed());
  });

  it('GET and DELETE /requests read and reset the SCIM request log, which admin requests never enter', async () => {
    await call(em.scimUrl, 'GET', '/Users/1001', { query: { attributes: '_all' } });
    const res = await admin('GET', '/requests');
    expect(res.json).toEqual([{ method: 'GET', path: '/Users/1001', query: { attributes: '_all' }, status: 200 }]);
    expect((await admin('DELETE', '/requests')).status).toBe(204);
    expect((await admin('GET', '/requests')).json).toEqual([]);
    expect(em.requests).toEqual([]);
  });

  it('POST and DELETE /faults add and clear faults', async () => {
    expect((await admin('POST', '/faults', { kind: 'status', times: 1, status: 500, pathPattern: '^/Users' })).status).toBe(204);
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(500);
    await admin('POST', '/faults', { kind: 'status', times: 1, status: 500 });
    expect((await admin('DELETE', '/faults')).status).toBe(204);
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(200);
  });

  it('POST /faults answers 400 naming the problem for an invalid fault', async () => {
    const res = await admin('POST', '/faults', { kind: 'explode', times: 1 });
    expect(res.status).toBe(400);
    expect(res.json.detail).toMatch(/Invalid fault/);
  });

  it('PUT /rate-limit sets and clears the limit', async () => {
    expect((await admin('PUT', '/rate-limit', { requests: 1, perSeconds: 3600, retryAfterSeconds: 2 })).status).toBe(204);
    await call(em.scimUrl, 'GET', '/Users');
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(429);
    expect((await admin('PUT', '/rate-limit', null)).status).toBe(204);
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(200);
    expect((await admin('PUT', '/rate-limit', { requests: 0 })).status).toBe(400);
  });

  it('PUT /users/{userName} creates a user "by hand" and updates it by userName, case-insensitively', async () => {
    const created = await admin('PUT', '/users/hand.made@acme.example', {
      displayName: 'Hand Made',
      customAttributes: { ssoRegion: ['East'] },
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: '1005',
      userName: 'hand.made@acme.example',
      displayName: 'Hand Made',
      roleId: 4,
      customAttributes: { ssoRegion: ['East'] },
      ownsDatasets: false,
    });
    const updated = await admin('PUT', '/users/HAND.MADE@acme.example', { roleId: 1, ownsDatasets: true });
    expect(updated.status).toBe(200);
    expect(em.store.getUser('1005')).toEqual({
      id: '1005',
      userName: 'HAND.MADE@acme.example',
      roleId: 1,
      customAttributes: {},
      ownsDatasets: true,
    });
    const res = await call(em.scimUrl, 'GET', '/Users', { query: { filter: 'userName eq "hand.made@acme.example"' } });
    expect(res.json.Resources[0].id).toBe('1005');
  });

  it('PUT /users/{userName} validates the user', async () => {
    expect((await admin('PUT', '/users/x@acme.example', { customAttributes: { nope: ['1'] } })).status).toBe(400);
    expect((await admin('PUT', '/users/x@acme.example', { roleId: 77 })).status).toBe(400);
    expect((await admin('PUT', '/users/x@acme.example', { id: '1001' })).status).toBe(409);
    expect((await admin('PUT', '/users/jane.doe@acme.example', { id: '1002' })).status).toBe(400);
    expect((await admin('PUT', '/users/x@acme.example', { userName: 'y@acme.example' })).status).toBe(400);
    expect((await admin('PUT', '/users/x@acme.example', { bogus: true })).status).toBe(400);
  });

  it('GET /state includes groups in seed format', async () => {
    await call(em.scimUrl, 'POST', '/Groups', { body: { schemas: [CORE_GROUP], displayName: 'Crew', members: [{ value: '1002' }] } });
    expect((await admin('GET', '/state')).json.groups).toEqual([{ id: '5001', displayName: 'Crew', members: ['1002'] }]);
  });

  it('PUT /groups/{displayName} creates a group "by hand" from userNames or ids, and replaces it by displayName, case-insensitively', async () => {
    const created = await admin('PUT', '/groups/Franchise%20-%20Gulf%20Coast%20Grill', {
      domoDisplayName: 'Gulf Coast Grill',
      members: ['JANE.DOE@acme.example', '1002', '1001'],
    });
    expect(created.status).toBe(201);
    expect(created.json).toEqual({
      id: '5001',
      displayName: 'Franchise - Gulf Coast Grill',
      domoDisplayName: 'Gulf Coast Grill',
      members: ['1001', '1002'],
    });
    const updated = await admin('PUT', '/groups/franchise%20-%20gulf%20coast%20grill', {
      description: 'by hand',
      members: ['owner@acme.example'],
    });
    expect(updated.status).toBe(200);
    expect(em.store.getGroup('5001')).toEqual({
      id: '5001',
      displayName: 'franchise - gulf coast grill',
      description: 'by hand',
      members: ['1003'],
    });
    expect((await call(em.scimUrl, 'GET', '/Users/1003')).json.groups).toEqual([
      { value: '5001', display: 'franchise - gulf coast grill' },
    ]);
    expect((await admin('PUT', '/groups/Chosen', { id: '7000' })).json).toEqual({ id: '7000', displayName: 'Chosen', members: [] });
  });

  it('PUT /groups/{displayName} validates the group', async () => {
    await admin('PUT', '/groups/Crew', {});
    const unknown = await admin('PUT', '/groups/x', { members: ['nobody@acme.example', '9999', '1001'] });
    expect(unknown.status).toBe(400);
    expect(unknown.json.detail).toBe('Unknown member(s), neither a userName nor a user id: nobody@acme.example, 9999');
    expect((await admin('PUT', '/groups/x', { id: '5001' })).status).toBe(409);
    expect((await admin('PUT', '/groups/crew', { id: '5002' })).status).toBe(400);
    expect((await admin('PUT', '/groups/x', { displayName: 'y' })).status).toBe(400);
    expect((await admin('PUT', '/groups/x', { bogus: true })).status).toBe(400);
    expect((await admin('PUT', '/groups/x', { members: [1001] })).status).toBe(400);
    expect(em.store.listGroups().map((g) => g.displayName)).toEqual(['Crew']);
  });

  it('answers 404 for unknown admin paths', async () => {
    expect((await admin('GET', '/nope')).status).toBe(404);
  });
});
