import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER, ERROR } from '../src/contract';
import { RunningEmulator } from '../src';
import { call, newUser, patchBody, start } from './helpers';

let em: RunningEmulator;
beforeEach(async () => {
  em = await start();
});
afterEach(() => em.close());

const CUSTOM_PATH = (key: string) => `${CUSTOM_USER}:customAttributes[key eq "${key}"]`;
const patch = (id: string, ...ops: unknown[]) => call(em.scimUrl, 'PATCH', `/Users/${id}`, { body: patchBody(...ops) });

describe('POST /Users', () => {
  it('creates a user with the next id, 201 and Location', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', {
      body: newUser('new.person@acme.example', {
        displayName: 'New Person',
        name: { givenName: 'Ignored' },
        roles: [{ value: '3' }],
        [ENTERPRISE_USER]: { department: 'Kitchen' },
        [CUSTOM_USER]: { customAttributes: [{ key: 'storeNumber', values: ['7'] }] },
      }),
    });
    expect(res.status).toBe(201);
    expect(res.json.id).toBe('1005');
    expect(res.headers.get('location')).toBe(`${em.scimUrl}/Users/1005`);
    expect(res.json).toMatchObject({
      userName: 'new.person@acme.example',
      roles: [{ value: '3', display: 'Editor' }],
      [ENTERPRISE_USER]: { department: 'Kitchen' },
    });
    expect(res.json.name).toBeUndefined();
    expect(em.store.getUser('1005')).toMatchObject({ roleId: 3, customAttributes: { storeNumber: ['7'] } });
  });

  it('defaults the role to Participant', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', { body: newUser('plain@acme.example') });
    expect(res.json.roles).toEqual([{ value: '4', display: 'Participant' }]);
  });

  it('answers 409 uniqueness for a userName that differs only in case', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', { body: newUser('JANE.DOE@acme.example') });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '409', scimType: 'uniqueness' });
  });

  it.each([
    ['a missing userName', { schemas: [CORE_USER], displayName: 'x' }],
    ['a userName that is not an email', newUser('not-an-email')],
    ['an unknown role', newUser('a@acme.example', { roles: [{ value: '42' }] })],
    ['two roles', newUser('a@acme.example', { roles: [{ value: '3' }, { value: '4' }] })],
    ['no schemas', { userName: 'a@acme.example' }],
  ])('answers 400 for %s', async (_name, body) => {
    const res = await call(em.scimUrl, 'POST', '/Users', { body });
    expect(res.status).toBe(400);
    expect(res.json.schemas).toEqual([ERROR]);
  });
});

describe('PUT /Users/{id}', () => {
  it('replaces all attributes: those not sent are cleared, the role is kept', async () => {
    const res = await call(em.scimUrl, 'PUT', '/Users/1001', { body: newUser('jane.doe@acme.example', { displayName: 'Jane D.' }) });
    expect(res.status).toBe(200);
    expect(em.store.getUser('1001')).toEqual({
      id: '1001',
      userName: 'jane.doe@acme.example',
      displayName: 'Jane D.',
      roleId: 4,
      // ssoRegion is IdP-only: a replace that omits it does not clear it.
      customAttributes: { ssoRegion: ['West'] },
      ownsDatasets: false,
    });
  });

  it('converts a hireDate date-time to a date', async () => {
    await call(em.scimUrl, 'PUT', '/Users/1002', {
      body: newUser('John.Smith@acme.example', { [DOMO_USER]: { hireDate: '2020-05-06T00:00:00Z' } }),
    });
    expect(em.store.getUser('1002')!.hireDate).toBe('2020-05-06');
  });

  it('deletes the user when active is false', async () => {
    const res = await call(em.scimUrl, 'PUT', '/Users/1002', { body: newUser('John.Smith@acme.example', { active: false }) });
    expect(res.status).toBe(200);
    expect(res.json.active).toBe(false);
    expect(em.store.getUser('1002')).toBeUndefined();
  });

  it("answers 404 for a missing user and 409 for another user's userName", async () => {
    expect((await call(em.scimUrl, 'PUT', '/Users/9999', { body: newUser('x@acme.example') })).status).toBe(404);
    expect((await call(em.scimUrl, 'PUT', '/Users/1001', { body: newUser('john.smith@acme.example') })).status).toBe(409);
  });
});

describe('PATCH /Users/{id}', () => {
  it('applies core and extension paths with case-insensitive op names', async () => {
    const res = await patch(
      '1002',
      { op: 'Replace', path: 'displayName', value: 'Johnny' },
      { op: 'ADD', path: 'title', value: 'Head Cook' },
      { op: 'replace', path: `${ENTERPRISE_USER}:department`, value: 'Ops' },
      { op: 'replace', path: `${DOMO_USER}:hireDate`, value: '2019-01-02T15:00:00.000Z' },
      { op: 'replace', path: 'roles', value: [{ value: '2' }] },
      { op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 9' },
      { op: 'add', path: 'emails', value: [{ value: 'alt@x.example', type: 'alternate' }] },
      { op: 'replace', path: `${ENTERPRISE_USER}:manager`, value: { value: '1001' } },
      { op: 'replace', path: 'locale', value: 'de-DE' },
    );
    expect(res.status).toBe(200);
    expect(res.json[CUSTOM_USER]).toEqual({ customAttributes: [{ key: 'offices', values: ['NY'] }] });
    expect(em.store.getUser('1002')).toEqual({
      id: '1002',
      userName: 'John.Smith@acme.example',
      displayName: 'Johnny',
      roleId: 2,
      title: 'Head Cook',
      department: 'Ops',
      hireDate: '2019-01-02',
      mobilePhone: '+1 555 9',
      alternateEmail: 'alt@x.example',
      managerId: '1001',
      locale: 'de-DE',
      customAttributes: { offices: ['NY'] },
      ownsDatasets: false,
    });
  });

  it('removes attributes', async () => {
    await patch(
      '1001',
      { op: 'remove', path: 'title' },
      { op: 'remove', path: `${DOMO_USER}:employeeLocation` },
      { op: 'remove', path: 'emails[type eq "alternate"]' },
    );
    const user = em.store.getUser('1001')!;
    expect([user.title, user.employeeLocation, user.alternateEmail]).toEqual([undefined, undefined, undefined]);
  });

  it('merges an object value when there is no path', async () => {
    await patch('1001', {
      op: 'replace',
      value: {
        title: 'Boss',
        [ENTERPRISE_USER]: { organization: 'Acme West' },
        [CUSTOM_USER]: { customAttributes: [{ key: 'offices', values: ['CA'] }] },
      },
    });
    expect(em.store.getUser('1001')).toMatchObject({
      title: 'Boss',
      organization: 'Acme West',
      department: 'Operations',
      customAttributes: { storeNumber: ['101'], offices: ['CA'] },
    });
  });

  describe('custom attribute value paths', () => {
    it("replace and add set the key's list", async () => {
      await patch(
        '1002',
        { op: 'replace', path: CUSTOM_PATH('offices'), value: ['NY', 'CA'] },
        { op: 'add', path: CUSTOM_PATH('storeNumber'), value: ['9'] },
      );
      expect(em.store.getUser('1002')!.customAttributes).toEqual({ offices: ['NY', 'CA'], storeNumber: ['9'] });
    });

    it('remove, or replace with [], clears the key', async () => {
      await patch('1001', { op: 'remove', path: CUSTOM_PATH('storeNumber') });
      await patch('1002', { op: 'replace', path: CUSTOM_PATH('offices'), value: [] });
      expect(em.store.getUser('1001')!.customAttributes).toEqual({ ssoRegion: ['West'] });
      expect(em.store.getUser('1002')!.customAttributes).toEqual({});
      const res = await call(em.scimUrl, 'GET', '/Users/1002', { query: { attributes: '_all' } });
      expect(res.json[CUSTOM_USER]).toEqual({ customAttributes: [] });
    });

    it('writes keys whose sources include grant', async () => {
      expect((await patch('1002', { op: 'replace', path: CUSTOM_PATH('badge'), value: ['gold'] })).status).toBe(200);
      expect(em.store.getUser('1002')!.customAttributes['badge']).toEqual(['gold']);
    });

    it.each([['Offices'], ['unknownKey']])('answers 400 invalidValue naming an unknown key (%s, case-sensitive)', async (key) => {
      const res = await patch('1002', { op: 'replace', path: CUSTOM_PATH(key), value: ['x'] });
      expect(res.status).toBe(400);
      expect(res.json.scimType).toBe('invalidValue');
      expect(res.json.detail).toContain(`"${key}"`);
      expect(em.store.getUser('1002')!.customAttributes).toEqual({ offices: ['NY'] });
    });

    it('answers 400 for a bare string value', async () => {
      const res = await patch('1002', { op: 'replace', path: CUSTOM_PATH('offices'), value: 'NY' });
      expect(res.json).toMatchObject({ status: '400', scimType: 'invalidValue' });
    });
  });

  it.each([
    ['a missing PatchOp schema', { schemas: [CORE_USER], Operations: [{ op: 'replace', path: 'title', value: 'x' }] }, 'invalidSyntax'],
    ['an unknown op', patchBody({ op: 'move', path: 'title', value: 'x' }), 'invalidSyntax'],
    ['an unknown path', patchBody({ op: 'replace', path: 'favouriteColor', value: 'x' }), 'invalidPath'],
    ['a read-only path', patchBody({ op: 'replace', path: 'id', value: '5' }), 'mutability'],
    ['removing without a path', patchBody({ op: 'remove' }), 'noTarget'],
    ['an unknown role', patchBody({ op: 'replace', path: 'roles', value: [{ value: '99' }] }), 'invalidValue'],
  ])('answers 400 for %s and changes nothing', async (_name, body, scimType) => {
    const before = em.store.getUser('1002');
    const res = await call(em.scimUrl, 'PATCH', '/Users/1002', { body });
    expect(res.json).toMatchObject({ status: '400', scimType });
    expect(em.store.getUser('1002')).toEqual(before);
  });

  it('deletes the user when active becomes false', async () => {
    const res = await patch('1002', { op: 'replace', path: 'active', value: false });
    expect(res.status).toBe(200);
    expect(em.store.getUser('1002')).toBeUndefined();
    expect((await call(em.scimUrl, 'GET', '/Users/1002')).status).toBe(404);
  });

  it('deletes the user for a no-path active false', async () => {
    await patch('1001', { op: 'replace', value: { active: false } });
    expect(em.store.getUser('1001')).toBeUndefined();
  });
});

describe('DELETE /Users/{id}', () => {
  it('answers 204 and the user is gone', async () => {
    const res = await call(em.scimUrl, 'DELETE', '/Users/1002');
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await call(em.scimUrl, 'DELETE', '/Users/1002')).status).toBe(404);
  });
});

describe('users who own DataSets or DataFlows', () => {
  it.each([
    ['DELETE', () => call(em.scimUrl, 'DELETE', '/Users/1003')],
    ['PUT active false', () => call(em.scimUrl, 'PUT', '/Users/1003', { body: newUser('owner@acme.example', { active: false }) })],
    ['PATCH active false', () => patch('1003', { op: 'replace', path: 'active', value: 'False' })],
  ])('cannot be deleted by %s', async (_name, send) => {
    const res = await send();
    expect(res.status).toBe(400);
    expect(res.json.schemas).toEqual([ERROR]);
    expect(res.json.detail).toMatch(/owns DataSets or DataFlows; reassign their ownership/);
    expect(em.store.getUser('1003')).toBeDefined();
  });

  it('can still be updated', async () => {
    expect((await patch('1003', { op: 'replace', path: 'title', value: 'CFO' })).status).toBe(200);
  });
});
