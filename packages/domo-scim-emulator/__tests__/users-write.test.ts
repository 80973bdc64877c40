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

describe('PATCH /Users/{id}: the documented forms', () => {
  it('applies core and extension paths with case-insensitive op names', async () => {
    const res = await patch(
      '1002',
      { op: 'Replace', path: 'displayName', value: 'Johnny' },
      { op: 'ADD', path: 'title', value: 'Head Cook' },
      { op: 'replace', path: `${ENTERPRISE_USER}:department`, value: 'Ops' },
      { op: 'replace', path: `${DOMO_USER}:hireDate`, value: '2019-01-02T15:00:00.000Z' },
      { op: 'REPLACE', path: 'roles', value: [{ value: '2' }] },
      { op: 'replace', path: 'phoneNumbers', value: [{ value: '+1 555 9', type: 'mobile' }] },
      {
        op: 'replace',
        path: 'emails',
        value: [
          { value: 'John.Smith@acme.example', type: 'work', primary: true },
          { value: 'alt@x.example', type: 'alternate' },
        ],
      },
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

  it.each([
    ['displayName', 'J.', 'displayName'],
    ['title', 'Chef', 'title'],
    ['locale', 'fr-FR', 'locale'],
    ['timezone', 'Europe/Paris', 'timezone'],
    [`${ENTERPRISE_USER}:department`, 'Bar', 'department'],
    [`${ENTERPRISE_USER}:employeeNumber`, 'E9', 'employeeNumber'],
    [`${ENTERPRISE_USER}:organization`, 'Acme East', 'organization'],
    [`${DOMO_USER}:hireDate`, '2022-02-03', 'hireDate'],
    [`${DOMO_USER}:employeeLocation`, 'Boston', 'employeeLocation'],
  ])('replace, add and remove %s', async (path, value, field) => {
    expect((await patch('1002', { op: 'replace', path, value })).status).toBe(200);
    expect(em.store.getUser('1002')).toHaveProperty(field, value);
    expect((await patch('1002', { op: 'remove', path })).status).toBe(200);
    expect(em.store.getUser('1002')).not.toHaveProperty(field);
    expect((await patch('1002', { op: 'add', path, value })).status).toBe(200);
    expect(em.store.getUser('1002')).toHaveProperty(field, value);
  });

  it('replaces and removes the manager by its Domo user id', async () => {
    await patch('1002', { op: 'replace', path: `${ENTERPRISE_USER}:manager`, value: { value: '1003' } });
    expect(em.store.getUser('1002')!.managerId).toBe('1003');
    await patch('1002', { op: 'remove', path: `${ENTERPRISE_USER}:manager` });
    expect(em.store.getUser('1002')!.managerId).toBeUndefined();
  });

  it('replaces emails and phoneNumbers whole: entries left out are cleared', async () => {
    await patch('1001', { op: 'replace', path: 'phoneNumbers', value: [{ value: '+1 555 7777', type: 'work' }] });
    await patch('1001', { op: 'replace', path: 'emails', value: [{ value: 'jane.doe@acme.example', type: 'work', primary: true }] });
    expect(em.store.getUser('1001')).toMatchObject({ workPhone: '+1 555 7777' });
    expect(em.store.getUser('1001')).not.toHaveProperty('mobilePhone');
    expect(em.store.getUser('1001')).not.toHaveProperty('alternateEmail');
    await patch('1001', { op: 'replace', path: 'phoneNumbers', value: [] });
    expect(em.store.getUser('1001')).not.toHaveProperty('workPhone');
  });

  it.each([
    ['emails', [{ value: 'x@home.example', type: 'home' }], /"emails" type must be "work" or "alternate", got "home"/],
    ['emails', [{ value: 'x@home.example' }], /"emails" type must be "work" or "alternate", got null/],
    ['phoneNumbers', [{ value: '1', type: 'fax' }], /"phoneNumbers" type must be "mobile" or "work", got "fax"/],
    [
      'phoneNumbers',
      [
        { value: '1', type: 'mobile' },
        { value: '2', type: 'mobile' },
      ],
      /more than one entry of type "mobile"/,
    ],
  ])('answers 400 invalidValue for %s entries it cannot keep (%j)', async (path, value, detail) => {
    const before = em.store.getUser('1001');
    const res = await patch('1001', { op: 'replace', path, value });
    expect(res.json).toMatchObject({ status: '400', scimType: 'invalidValue', detail: expect.stringMatching(detail) });
    expect(em.store.getUser('1001')).toEqual(before);
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

    it('reads escaped quotes in the key', async () => {
      const res = await patch('1002', { op: 'replace', path: `${CUSTOM_USER}:customAttributes[key eq "a\\"b"]`, value: ['x'] });
      expect(res.json.detail).toContain('Unknown custom attribute key "a"b"');
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
    ['an unknown role', patchBody({ op: 'replace', path: 'roles', value: [{ value: '99' }] }), 'invalidValue'],
    ['two roles', patchBody({ op: 'replace', path: 'roles', value: [{ value: '3' }, { value: '4' }] }), 'invalidValue'],
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
});

describe('PATCH /Users/{id}: undocumented forms are refused whole', () => {
  const ENT = ENTERPRISE_USER;
  it.each([
    [
      'a value filter with a sub-attribute',
      { op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555 9' },
      'replace the whole list',
    ],
    ['a value filter', { op: 'remove', path: 'phoneNumbers[type eq "work"]' }, 'replace the whole list'],
    ['an emails value filter', { op: 'remove', path: 'emails[type eq "alternate"]' }, 'replace the whole list'],
    [
      'an emails value filter with a sub-attribute',
      { op: 'replace', path: 'emails[type eq "alternate"].value', value: 'a@b.example' },
      'replace the whole list',
    ],
    ['a sub-attribute path', { op: 'replace', path: `${ENT}:manager.value`, value: '1001' }, 'not a user PATCH path Domo documents'],
    ['a core sub-attribute path', { op: 'replace', path: 'name.givenName', value: 'J' }, 'not a user PATCH path'],
    ['an extension attribute without its URN', { op: 'replace', path: 'department', value: 'Ops' }, 'not a user PATCH path'],
    ['a path in another case', { op: 'replace', path: 'DisplayName', value: 'x' }, 'must be written "displayName"'],
    [
      'a URN in another case',
      { op: 'replace', path: `${ENT.replace('enterprise', 'Enterprise')}:department`, value: 'x' },
      `must be written "${ENT}:department"`,
    ],
    ['userName', { op: 'replace', path: 'userName', value: 'new@acme.example' }, 'not a user PATCH path'],
    ['groups', { op: 'add', path: 'groups', value: [{ value: '5001' }] }, 'not a user PATCH path'],
    ['a read-only attribute', { op: 'replace', path: 'id', value: '5' }, 'not a user PATCH path'],
    ['an unknown attribute', { op: 'replace', path: 'favouriteColor', value: 'x' }, 'not a user PATCH path'],
    ['a whole extension', { op: 'replace', path: ENT, value: { department: 'Ops' } }, 'not a user PATCH path'],
    ['all custom attributes', { op: 'replace', path: `${CUSTOM_USER}:customAttributes`, value: [] }, 'not a user PATCH path'],
    [
      'a custom value path with a sub-attribute',
      { op: 'replace', path: `${CUSTOM_PATH('offices')}.values`, value: ['x'] },
      'not a user PATCH path',
    ],
    [
      'a custom value path on another attribute',
      { op: 'replace', path: `${CUSTOM_USER}:customAttributes[value eq "x"]`, value: ['x'] },
      'the custom attribute path is',
    ],
    [
      'a custom value path with another operator',
      { op: 'replace', path: `${CUSTOM_USER}:customAttributes[key co "off"]`, value: ['x'] },
      'the custom attribute path is',
    ],
    [
      'a custom value path that does not parse',
      { op: 'replace', path: `${CUSTOM_USER}:customAttributes[key eq "x]`, value: ['x'] },
      'the custom attribute path is',
    ],
    ['no path', { op: 'replace', value: { title: 'Boss' } }, '"path" is required'],
    ['no path on remove', { op: 'remove' }, '"path" is required'],
    ['no path setting active', { op: 'replace', value: { active: false } }, '"path" is required'],
    ['add on emails', { op: 'add', path: 'emails', value: [{ value: 'a@b.example', type: 'alternate' }] }, '"emails" is replaced whole'],
    ['remove on phoneNumbers', { op: 'remove', path: 'phoneNumbers' }, '"phoneNumbers" is replaced whole'],
    ['add on roles', { op: 'add', path: 'roles', value: [{ value: '3' }] }, '"roles" is replaced whole'],
  ])('%s: 400 invalidPath, and no operation of the PatchOp is applied', async (_name, operation, detail) => {
    const before = em.store.getUser('1001');
    const res = await patch('1001', { op: 'replace', path: 'title', value: 'Applied?' }, operation, {
      op: 'replace',
      path: 'locale',
      value: 'xx',
    });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '400', scimType: 'invalidPath' });
    expect(res.json.detail).toMatch(/^Operations\[1\]: /);
    expect(res.json.detail).toContain(detail);
    expect(em.store.getUser('1001')).toEqual(before);
  });
});

describe('POST and PUT bodies: schema blocks', () => {
  const other = 'urn:ietf:params:scim:schemas:extension:costcenter:2.0:User';
  it.each([
    ['an unknown extension block', { [other]: { costCenter: '7' } }, `the body has a "${other}" block`],
    ['an extension block in another case', { [ENTERPRISE_USER.toUpperCase()]: { department: 'x' } }, 'block'],
    ['an unknown schemas entry', { schemas: [CORE_USER, other] }, `"schemas" lists "${other}"`],
  ])('refuses %s with 400 invalidSyntax and creates or changes nothing', async (_name, extra, detail) => {
    const created = await call(em.scimUrl, 'POST', '/Users', { body: newUser('fresh@acme.example', extra) });
    expect(created.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect(created.json.detail).toContain(detail);
    expect(em.store.findUserByUserName('fresh@acme.example')).toBeUndefined();
    const before = em.store.getUser('1002');
    const replaced = await call(em.scimUrl, 'PUT', '/Users/1002', { body: newUser('John.Smith@acme.example', extra) });
    expect(replaced.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect(em.store.getUser('1002')).toEqual(before);
  });

  it('accepts the four user schemas, listed and as blocks', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', {
      body: newUser('fresh@acme.example', {
        schemas: [CORE_USER, ENTERPRISE_USER, DOMO_USER, CUSTOM_USER],
        [ENTERPRISE_USER]: { department: 'Kitchen' },
        [DOMO_USER]: { employeeLocation: 'Austin' },
        [CUSTOM_USER]: { customAttributes: [] },
      }),
    });
    expect(res.status).toBe(201);
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
