import { join } from 'node:path';
import { EmulatorStore, loadSeedFile, parseSeed } from '../src';
import { BAD_SEED_PATH, REPO_DATA } from './helpers';

const DATA = join(REPO_DATA, 'sample-seed.json');

describe('seed files', () => {
  it('loads the demo seed', () => {
    const seed = loadSeedFile(DATA);
    expect(seed.users.map((u) => u.userName.split('@')[0])).toEqual([
      'maria.lopez',
      'james.chen',
      'aisha.khan',
      'tom.becker',
      'priya.nair',
      'lucas.silva',
      'emma.wright',
      'noah.kim',
      'olivia.brown',
      'ethan.davis',
      'sofia.rossi',
      'liam.oconnor',
    ]);
    expect(seed.users.map((u) => u.id)).toEqual(Array.from({ length: 12 }, (_, i) => String(1001 + i)));
    expect(seed.users.every((u) => u.userName.endsWith('@sunbeltfoods.example'))).toBe(true);
    expect(seed.users.filter((u) => u.ownsDatasets)).toHaveLength(1);
    expect(Object.fromEntries(seed.attributes.map((a) => [a.key, a.valueSources]))).toEqual({
      franchise: ['managed'],
      storeNumber: ['managed'],
      region: ['managed'],
      trainingCompleted: ['managed'],
      trainingScore: ['managed'],
      trainingCertified: ['managed'],
      ssoDepartment: ['idp'],
      badgeColor: ['grant'],
    });
    expect(seed.attributes.find((a) => a.key === 'region')!.usedBy).toEqual(['dynamic group: Texas stores', 'PDP policy: Region rows']);
    expect(seed.attributes.find((a) => a.key === 'ssoDepartment')!.keyspace).toBe('idp');
    expect(seed.roles).toEqual([{ id: 101, name: 'Store Manager', description: expect.any(String), grants: [] }]);
  });

  it('round-trips the demo seed through the store', () => {
    expect(new EmulatorStore({ seed: loadSeedFile(DATA) }).snapshot()).toEqual(loadSeedFile(DATA));
  });

  it('fills attribute defaults', () => {
    expect(parseSeed({ attributes: [{ key: 'k', valueSources: ['managed'] }] }, 'inline').attributes).toEqual([
      {
        key: 'k',
        keyspace: 'customer-defined',
        validator: 'ANY_VALUE',
        securityVoter: 'FULL_VIS_ADMIN_IDP',
        valueSources: ['managed'],
        usedBy: [],
      },
    ]);
  });

  it('accepts users of custom roles and defaults the token owner’s grants', () => {
    const seed = parseSeed(
      {
        roles: [{ id: 101, name: 'Store Manager' }],
        tokenOwner: { userName: 'robot@acme.example' },
        users: [{ id: '1', userName: 'a@acme.example', roleId: 101 }],
      },
      'inline',
    );
    expect(seed.users[0]!.roleId).toBe(101);
    expect(seed.tokenOwner).toEqual({
      userName: 'robot@acme.example',
      grants: ['Manage All Users', 'Manage All Roles', 'Manage All Groups'],
    });
  });

  it('checks roles and the users’ role ids', () => {
    const seed = {
      roles: [
        { id: 3, name: 'Chef' },
        { id: 101, name: 'Store Manager' },
        { id: 101, name: 'store manager' },
        { id: 102, name: 'Editor' },
      ],
      tokenOwner: { userName: 'robot', grants: [] },
      users: [{ id: '1', userName: 'a@acme.example', roleId: 103 }],
    };
    let message = '';
    try {
      parseSeed(seed, 'inline');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('ids 1..5 are the system roles; give custom roles other ids, such as 101');
    expect(message).toContain('tokenOwner.userName');
    // The custom role checks run once the fields are valid: the user role check runs anyway.
    expect(message).toContain('role id 103 is neither a system role (1 Admin .. 5 Social) nor in "roles"');
    let second = '';
    try {
      parseSeed({ ...seed, roles: seed.roles.slice(1), tokenOwner: undefined }, 'inline');
    } catch (e) {
      second = (e as Error).message;
    }
    expect(second).toContain('duplicate id 101');
    expect(second).toContain('duplicate role name "store manager" (compared case-insensitively, system roles included)');
    expect(second).toContain('duplicate role name "Editor"');
  });

  it('fills defaults', () => {
    expect(parseSeed({ users: [{ id: '7', userName: 'a@b.example' }] }, 'inline')).toEqual({
      attributes: [],
      idpOnlyWrites: 'ignore',
      users: [{ id: '7', userName: 'a@b.example', roleId: 4, customAttributes: {}, ownsDatasets: false }],
      groups: [],
    });
  });

  it('names the file and every bad field', () => {
    let message = '';
    try {
      loadSeedFile(BAD_SEED_PATH);
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain(`${BAD_SEED_PATH}: invalid seed:`);
    expect(message).toContain('Unrecognized key: "owner"');
    for (const path of [
      'attributes[0].valueSources[1]',
      'users[0].customAttributes.storeNumber',
      'users[1].roleId',
      'groups[0].members[0]',
      'groups[1].displayName',
    ]) {
      expect(message).toContain(path);
    }
  });

  it('checks ids, userNames and custom keys across users', () => {
    const seed = {
      attributes: [{ key: 'k', valueSources: ['managed'] }],
      users: [
        { id: '1', userName: 'a@acme.example', customAttributes: { K: ['x'] } },
        { id: '1', userName: 'A@acme.example' },
      ],
    };
    let message = '';
    try {
      parseSeed(seed, 'inline');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('key "K" is not in "attributes"');
    expect(message).toContain('duplicate id "1"');
    expect(message).toContain('duplicate userName "A@acme.example"');
  });

  it('fills group defaults', () => {
    const seed = parseSeed({ users: [{ id: '7', userName: 'a@b.example' }], groups: [{ id: '5001', displayName: 'G' }] }, 'inline');
    expect(seed.groups).toEqual([{ id: '5001', displayName: 'G', members: [] }]);
  });

  it('checks group ids, displayNames (case-insensitively) and members against users', () => {
    const seed = {
      users: [{ id: '1', userName: 'a@acme.example' }],
      groups: [
        { id: '5001', displayName: 'Franchise - Gulf Coast Grill', members: ['1', '2', '1'] },
        { id: '5001', displayName: 'FRANCHISE - gulf coast grill' },
        { id: 'g3', displayName: 'Other' },
      ],
    };
    let message = '';
    try {
      parseSeed(seed, 'inline');
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('user id "2" is not in "users"');
    expect(message).toContain('→ at groups[0].members[1]');
    expect(message).toContain('duplicate member "1"');
    expect(message).toContain('duplicate id "5001"');
    expect(message).toContain('duplicate displayName "FRANCHISE - gulf coast grill" (compared case-insensitively)');
    expect(message).toContain('→ at groups[2].id');
  });

  it('reports unreadable and non-JSON files', () => {
    expect(() => loadSeedFile('/nonexistent/seed.json')).toThrow('/nonexistent/seed.json: cannot read the seed file');
    expect(() => loadSeedFile(__filename)).toThrow(`${__filename}: the seed file is not valid JSON`);
  });
});
