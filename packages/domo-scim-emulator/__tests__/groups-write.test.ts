import { CORE_GROUP, DOMO_GROUP, ERROR, PATCH_OP } from '../src/contract';
import { EmulatorStore, RunningEmulator } from '../src';
import { call, groupSeed, newGroup, newUser, patchBody, start } from './helpers';

let em: RunningEmulator;
beforeEach(async () => {
  em = await start({ seed: groupSeed() });
});
afterEach(() => em.close());

const DOMO_NAME = `${DOMO_GROUP}:domoDisplayName`;
const DESCRIPTION = `${DOMO_GROUP}:description`;
const patch = (id: string, ...ops: unknown[]) => call(em.scimUrl, 'PATCH', `/Groups/${id}`, { body: patchBody(...ops) });
const members = (...ids: string[]) => ids.map((value) => ({ value }));
const memberIds = (id: string) => em.store.getGroup(id)!.members;

describe('POST /Groups', () => {
  it('creates a directory group with the next group id, 201 and Location', async () => {
    const res = await call(em.scimUrl, 'POST', '/Groups', {
      body: newGroup('Franchise - Bayou Bistro', {
        members: [{ value: '1001', $ref: 'https://elsewhere.example/Users/1001', display: 'ignored' }, { value: 1003 }],
        [DOMO_GROUP]: { domoDisplayName: 'Bayou Bistro', description: 'Staff' },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.headers.get('location')).toBe(`${em.scimUrl}/Groups/5004`);
    expect(res.json).toMatchObject({
      schemas: [CORE_GROUP, DOMO_GROUP],
      id: '5004',
      displayName: 'Franchise - Bayou Bistro',
      members: [
        { value: '1001', display: 'jane.doe@acme.example' },
        { value: '1003', display: 'owner@acme.example' },
      ],
      [DOMO_GROUP]: { domoDisplayName: 'Bayou Bistro', description: 'Staff' },
      meta: { resourceType: 'Group', location: `${em.scimUrl}/Groups/5004` },
    });
    expect(em.store.getGroup('5004')).toEqual({
      id: '5004',
      displayName: 'Franchise - Bayou Bistro',
      domoDisplayName: 'Bayou Bistro',
      description: 'Staff',
      members: ['1001', '1003'],
    });
  });

  it('starts group ids at 5001 on an instance without groups, apart from user ids', async () => {
    const empty = await start();
    try {
      const res = await call(empty.scimUrl, 'POST', '/Groups', { body: newGroup('First') });
      expect(res.json).toMatchObject({ id: '5001', members: [] });
      expect(empty.store.nextGroupId()).toBe('5002');
    } finally {
      await empty.close();
    }
  });

  it('answers 409 uniqueness for a displayName that differs only in case', async () => {
    const res = await call(em.scimUrl, 'POST', '/Groups', { body: newGroup('EMPTY') });
    expect(res.status).toBe(409);
    expect(res.json).toEqual({
      schemas: [ERROR],
      status: '409',
      scimType: 'uniqueness',
      detail: 'displayName "EMPTY" is already used by group 5003 (compared case-insensitively)',
    });
  });

  it('answers 400 invalidValue naming unknown member ids, and creates nothing', async () => {
    const res = await call(em.scimUrl, 'POST', '/Groups', { body: newGroup('New', { members: members('1001', '9998', '5001') }) });
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe('invalidValue');
    expect(res.json.detail).toContain('Unknown user id(s) in members: 9998, 5001');
    expect(em.store.findGroupByDisplayName('New')).toBeUndefined();
  });

  it.each([
    ['a missing displayName', { schemas: [CORE_GROUP], members: [] }],
    ['a blank displayName', newGroup('  ')],
    ['members that are not a list', newGroup('X', { members: { value: '1001' } })],
    ['a member without value', newGroup('X', { members: [{ display: 'jane.doe@acme.example' }] })],
    ['a non-object Domo block', newGroup('X', { [DOMO_GROUP]: 'x' })],
    ['no schemas', { displayName: 'X' }],
    ['the User schema', { schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'], displayName: 'X' }],
  ])('answers 400 for %s', async (_name, body) => {
    const res = await call(em.scimUrl, 'POST', '/Groups', { body });
    expect(res.status).toBe(400);
    expect(res.json.schemas).toEqual([ERROR]);
  });

  it('records the request body', async () => {
    em.resetRequests();
    const body = newGroup('Logged', { members: members('1002') });
    await call(em.scimUrl, 'POST', '/Groups', { body });
    expect(em.requests).toEqual([{ method: 'POST', path: '/Groups', query: {}, status: 201, body }]);
  });
});

describe('PUT /Groups/{id}', () => {
  it('replaces displayName, the Domo block and members; what is not sent is cleared', async () => {
    const res = await call(em.scimUrl, 'PUT', '/Groups/5001', {
      body: newGroup('Franchise - Gulf Coast Grill (renamed)', { members: members('1003', '1001') }),
    });
    expect(res.status).toBe(200);
    expect(res.json.members).toEqual([
      { value: '1003', display: 'owner@acme.example' },
      { value: '1001', display: 'jane.doe@acme.example' },
    ]);
    expect(em.store.getGroup('5001')).toEqual({
      id: '5001',
      displayName: 'Franchise - Gulf Coast Grill (renamed)',
      members: ['1003', '1001'],
    });
    expect(em.store.findGroupByDisplayName('franchise - gulf coast grill')).toBeUndefined();
    expect(em.store.findGroupByDisplayName('FRANCHISE - GULF COAST GRILL (RENAMED)')?.id).toBe('5001');
    const put = await call(em.scimUrl, 'PUT', '/Groups/5001', { body: newGroup('Gone') });
    expect(put.json.members).toEqual([]);
    expect(em.store.groupsOfUser('1001')).toEqual([]);
  });

  it("may change the case of its own displayName but not take another group's", async () => {
    expect((await call(em.scimUrl, 'PUT', '/Groups/5003', { body: newGroup('EMPTY') })).status).toBe(200);
    const clash = await call(em.scimUrl, 'PUT', '/Groups/5003', { body: newGroup('franchise - gulf coast grill') });
    expect(clash.status).toBe(409);
    expect(clash.json.scimType).toBe('uniqueness');
  });

  it('answers 404 for a missing group and 400 for unknown members, changing nothing', async () => {
    expect((await call(em.scimUrl, 'PUT', '/Groups/5999', { body: newGroup('X') })).status).toBe(404);
    const res = await call(em.scimUrl, 'PUT', '/Groups/5001', { body: newGroup('X', { members: members('77') }) });
    expect(res.status).toBe(400);
    expect(res.json.detail).toContain('77');
    expect(memberIds('5001')).toEqual(['1001', '1002']);
  });
});

describe("PATCH /Groups/{id}: Domo's restricted form", () => {
  it('adds members idempotently and answers 200 with the group', async () => {
    const res = await patch(
      '5002',
      { op: 'Add', path: 'members', value: members('1001', '1002', '1001') },
      { op: 'Add', path: 'members', value: members('1004') },
    );
    expect(res.status).toBe(200);
    expect(res.json.members.map((m: { value: string }) => m.value)).toEqual(['1002', '1001', '1004']);
    expect(memberIds('5002')).toEqual(['1002', '1001', '1004']);
  });

  it('removes listed members, ignoring ones that are not members', async () => {
    const res = await patch('5001', { op: 'Remove', path: 'members', value: members('1002', '1003') });
    expect(res.status).toBe(200);
    expect(memberIds('5001')).toEqual(['1001']);
    expect(em.store.groupsOfUser('1002')).toEqual([{ id: '5002', displayName: 'Kitchen "Night" \\ Crew' }]);
  });

  it('replaces the whole member list, and applies operations in order', async () => {
    await patch('5001', { op: 'Replace', path: 'members', value: members('1003') }, { op: 'Add', path: 'members', value: members('1004') });
    expect(memberIds('5001')).toEqual(['1003', '1004']);
    await patch('5001', { op: 'Replace', path: 'members', value: [] });
    expect(memberIds('5001')).toEqual([]);
  });

  it('replaces displayName and the Domo attributes; an empty string clears a Domo attribute', async () => {
    const res = await patch(
      '5001',
      { op: 'Replace', path: 'displayName', value: 'Franchise - GCG' },
      { op: 'Replace', path: DOMO_NAME, value: 'GCG' },
      { op: 'Add', path: DESCRIPTION, value: '' },
    );
    expect(res.status).toBe(200);
    expect(res.json[DOMO_GROUP]).toEqual({ domoDisplayName: 'GCG' });
    expect(em.store.getGroup('5001')).toEqual({
      id: '5001',
      displayName: 'Franchise - GCG',
      domoDisplayName: 'GCG',
      members: ['1001', '1002'],
    });
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).json.groups).toEqual([{ value: '5001', display: 'Franchise - GCG' }]);
  });

  it('honours excludedAttributes=members on the response', async () => {
    const res = await call(em.scimUrl, 'PATCH', '/Groups/5001', {
      body: patchBody({ op: 'Add', path: 'members', value: members('1003') }),
      query: { excludedAttributes: 'members' },
    });
    expect(res.json.members).toBeUndefined();
    expect(memberIds('5001')).toEqual(['1001', '1002', '1003']);
  });

  // The contract writes group ops as Replace|Add|Remove; only user ops are said to take any casing.
  it.each([
    ['add', 'Add'],
    ['ADD', 'Add'],
    ['replace', 'Replace'],
    ['REMOVE', 'Remove'],
  ])('answers 400 invalidSyntax for the op %s, naming the spelling "%s", and changes nothing', async (op, written) => {
    const res = await patch(
      '5001',
      { op: 'Replace', path: 'displayName', value: 'Renamed' },
      { op, path: 'members', value: members('1003') },
    );
    expect(res.status).toBe(400);
    expect(res.json).toEqual({
      schemas: [ERROR],
      status: '400',
      scimType: 'invalidSyntax',
      detail: `Operations[1].op must be written "${written}", got "${op}": group operations are Replace, Add or Remove, exactly`,
    });
    expect(em.store.getGroup('5001')).toEqual(groupSeed().groups[0]);
  });

  it('answers 400 noTarget for an operation without path', async () => {
    const res = await patch('5001', { op: 'Replace', value: { displayName: 'X' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ scimType: 'noTarget', detail: expect.stringContaining('"path" is required') });
    expect((await patch('5001', { op: 'Add', path: '', value: members('1003') })).json.scimType).toBe('noTarget');
  });

  it.each([
    ['Members', 'members'],
    ['displayname', 'displayName'],
    [`${DOMO_GROUP}:DomoDisplayName`, DOMO_NAME],
    [DESCRIPTION.toUpperCase(), DESCRIPTION],
  ])('answers 400 invalidPath for the wrong-case path %s, naming the right one', async (path, right) => {
    const res = await patch('5001', { op: 'Replace', path, value: [] });
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe('invalidPath');
    expect(res.json.detail).toContain(`must be written "${right}"`);
  });

  it.each(['members[value eq "1001"]', 'externalId', 'members.value', 'urn:ietf:params:scim:schemas:core:2.0:Group:displayName'])(
    'answers 400 invalidPath for the unsupported path %s',
    async (path) => {
      const res = await patch('5001', { op: 'Remove', path });
      expect(res.status).toBe(400);
      expect(res.json.scimType).toBe('invalidPath');
      expect(memberIds('5001')).toEqual(['1001', '1002']);
    },
  );

  it.each(['displayName', DOMO_NAME, DESCRIPTION])('refuses to remove %s with 400 mutability', async (path) => {
    const res = await patch('5001', { op: 'Remove', path });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ scimType: 'mutability', detail: expect.stringContaining('only members can be removed') });
    expect(em.store.getGroup('5001')).toMatchObject({
      displayName: 'Franchise - Gulf Coast Grill',
      domoDisplayName: 'Gulf Coast Grill',
      description: 'Franchise staff',
    });
  });

  it('refuses to remove members without a value, rather than emptying the group', async () => {
    const res = await patch('5001', { op: 'Remove', path: 'members' });
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe('invalidValue');
    expect(memberIds('5001')).toEqual(['1001', '1002']);
  });

  it('rejects the whole PATCH atomically when any member is unknown, naming every unknown id', async () => {
    const res = await patch(
      '5001',
      { op: 'Replace', path: 'displayName', value: 'Renamed' },
      { op: 'Add', path: 'members', value: members('1003', '8001') },
      { op: 'Remove', path: 'members', value: members('1001', '8002') },
    );
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe('invalidValue');
    expect(res.json.detail).toContain('Unknown user id(s) in members: 8001, 8002');
    expect(em.store.getGroup('5001')).toEqual(groupSeed().groups[0]);
    expect(em.store.groupsOfUser('1003')).toEqual([]);
  });

  it('answers 409 when a new displayName belongs to another group, changing nothing', async () => {
    const res = await patch(
      '5003',
      { op: 'Add', path: 'members', value: members('1001') },
      { op: 'Replace', path: 'displayName', value: 'franchise - GULF coast grill' },
    );
    expect(res.status).toBe(409);
    expect(res.json.scimType).toBe('uniqueness');
    expect(memberIds('5003')).toEqual([]);
  });

  it.each([
    ['a non-string displayName', { op: 'Replace', path: 'displayName', value: 7 }],
    ['a blank displayName', { op: 'Replace', path: 'displayName', value: ' ' }],
    ['members that are not a list', { op: 'Add', path: 'members', value: { value: '1001' } }],
    ['a non-string description', { op: 'Replace', path: DESCRIPTION, value: { text: 'x' } }],
    ['an unknown op', { op: 'merge', path: 'members', value: [] }],
  ])('answers 400 for %s', async (_name, op) => {
    expect((await patch('5001', op)).status).toBe(400);
  });

  it('answers 400 for a body that is not a PatchOp and 404 for a missing group', async () => {
    expect((await call(em.scimUrl, 'PATCH', '/Groups/5001', { body: { schemas: [PATCH_OP], Operations: [] } })).status).toBe(400);
    expect(
      (await call(em.scimUrl, 'PATCH', '/Groups/5001', { body: { Operations: [{ op: 'Add', path: 'members', value: [] }] } })).status,
    ).toBe(400);
    expect((await patch('5999', { op: 'Add', path: 'members', value: [] })).status).toBe(404);
  });
});

describe('drops-fields on group writes', () => {
  it('POST, PUT and PATCH apply the rest and keep the dropped fields as they were, answering success', async () => {
    em.addFault({ kind: 'drops-fields', fields: ['description', 'displayName'], pathPattern: '^/Groups' });
    const created = await call(em.scimUrl, 'POST', '/Groups', {
      body: newGroup('Crew', { members: members('1001'), [DOMO_GROUP]: { domoDisplayName: 'The crew', description: 'Staff' } }),
    });
    expect(created.status).toBe(201);
    expect(em.store.getGroup('5004')).toEqual({ id: '5004', displayName: 'Crew', domoDisplayName: 'The crew', members: ['1001'] });
    const patched = await patch(
      '5001',
      { op: 'Replace', path: 'displayName', value: 'Renamed' },
      { op: 'Replace', path: DESCRIPTION, value: 'New' },
      { op: 'Add', path: 'members', value: members('1003') },
    );
    expect(patched.status).toBe(200);
    expect(em.store.getGroup('5001')).toMatchObject({
      displayName: 'Franchise - Gulf Coast Grill',
      description: 'Franchise staff',
      members: ['1001', '1002', '1003'],
    });
    const replaced = await call(em.scimUrl, 'PUT', '/Groups/5001', {
      body: newGroup('Other', { members: members('1001'), [DOMO_GROUP]: { domoDisplayName: 'Grill' } }),
    });
    expect(replaced.status).toBe(200);
    expect(em.store.getGroup('5001')).toEqual({
      id: '5001',
      displayName: 'Franchise - Gulf Coast Grill',
      domoDisplayName: 'Grill',
      description: 'Franchise staff',
      members: ['1001'],
    });
    expect(em.requests.map((r) => r.fault)).toEqual(['drops-fields', 'drops-fields', 'drops-fields']);
  });

  it('names only fields it knows', async () => {
    const res = await call(em.url, 'POST', '/_emulator/faults', { body: { kind: 'drops-fields', fields: ['members'] } });
    expect(res.status).toBe(400);
    expect(JSON.stringify(res.json)).toMatch(/fields/);
  });
});

describe('DELETE /Groups/{id}', () => {
  it('answers 204, then 404; members lose the group', async () => {
    const res = await call(em.scimUrl, 'DELETE', '/Groups/5001');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await call(em.scimUrl, 'DELETE', '/Groups/5001')).status).toBe(404);
    expect((await call(em.scimUrl, 'GET', '/Groups/5001')).status).toBe(404);
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).json.groups).toEqual([]);
    expect(em.store.findGroupByDisplayName('Franchise - Gulf Coast Grill')).toBeUndefined();
    // The name is free again.
    expect((await call(em.scimUrl, 'POST', '/Groups', { body: newGroup('Franchise - Gulf Coast Grill') })).json.id).toBe('5004');
  });
});

describe('user deletion and memberships', () => {
  it('deleting a user removes it from every group', async () => {
    expect((await call(em.scimUrl, 'DELETE', '/Users/1002')).status).toBe(204);
    expect(memberIds('5001')).toEqual(['1001']);
    expect(memberIds('5002')).toEqual([]);
    expect((await call(em.scimUrl, 'GET', '/Groups/5001')).json.members).toEqual([{ value: '1001', display: 'jane.doe@acme.example' }]);
    expect(em.snapshot().groups.map((g) => g.members)).toEqual([['1001'], [], []]);
  });

  it('deactivating a user (which deletes it) does too', async () => {
    await call(em.scimUrl, 'PATCH', '/Users/1001', { body: patchBody({ op: 'replace', path: 'active', value: false }) });
    expect(memberIds('5001')).toEqual(['1002']);
  });

  it('a new user with a reused id is in no group', async () => {
    em.store.deleteUser('1002');
    const user = em.store.putUser({ id: '1002', userName: 'reused@acme.example' });
    expect(em.store.groupsOfUser(user.id)).toEqual([]);
    expect((await call(em.scimUrl, 'POST', '/Users', { body: newUser('other@acme.example') })).json.groups).toEqual([]);
  });
});

describe('store group accessors', () => {
  it('get, find, list, put and delete, validating members and names', () => {
    expect(em.store.listGroups().map((g) => g.id)).toEqual(['5001', '5002', '5003']);
    expect(em.store.findGroupByDisplayName('kitchen "NIGHT" \\ crew')?.id).toBe('5002');
    const put = em.store.putGroup({ id: '6000', displayName: 'By hand', members: ['1004', '1004', '1001'] });
    expect(put).toEqual({ id: '6000', displayName: 'By hand', members: ['1004', '1001'] });
    expect(em.store.nextGroupId()).toBe('6001');
    expect(em.store.groupsOfUser('1004')).toEqual([{ id: '6000', displayName: 'By hand' }]);
    expect(() => em.store.putGroup({ id: '6001', displayName: 'BY HAND' })).toThrow(
      'Group displayName "BY HAND" is already used by group 6000',
    );
    expect(() => em.store.putGroup({ id: '6001', displayName: 'Other', members: ['42'] })).toThrow(
      'Group "Other": unknown member user id(s): 42',
    );
    expect(() => em.store.putGroup({ id: 'x', displayName: 'Other' })).toThrow();
    expect(em.store.deleteGroup('6000')).toBe(true);
    expect(em.store.deleteGroup('6000')).toBe(false);
    expect(em.store.groupsOfUser('1004')).toEqual([]);
    // A returned group is a copy.
    em.store.getGroup('5001')!.members.push('1003');
    expect(memberIds('5001')).toEqual(['1001', '1002']);
  });

  it('refuses a seed given in code whose group names an unknown user', () => {
    const seed = { ...groupSeed(), groups: [{ id: '5001', displayName: 'Bad', members: ['4242'] }] };
    expect(() => new EmulatorStore({ seed })).toThrow('Group "Bad": unknown member user id(s): 4242');
  });
});
