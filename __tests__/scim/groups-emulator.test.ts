import { RunningEmulator, startEmulator } from 'domo-scim-emulator';
import { DOMO_GROUP, GROUP_PATHS, memberOperations, ScimClient, ScimError } from '../../src/domo/scim';

const TOKEN = 'groups-emulator-token';
let em: RunningEmulator;
let client: ScimClient;

beforeEach(async () => {
  const users = Array.from({ length: 1200 }, (_, i) => ({
    id: String(1001 + i),
    userName: `u${i}@acme.example`,
    roleId: 4,
    customAttributes: {},
    ownsDatasets: false,
  }));
  em = await startEmulator({ token: TOKEN, seed: { attributes: [], idpOnlyWrites: 'ignore', users, groups: [] }, maxPageSize: 100 });
  client = new ScimClient({ baseUrl: em.scimUrl, token: TOKEN, sleep: async () => {} });
});
afterEach(async () => {
  await client.close();
  await em.close();
});

describe('the client against the local SCIM service', () => {
  test('create, find, batch member changes, replace, rename and delete a group', async () => {
    const created = await client.createGroup({
      displayName: 'Franchise - Gulf Coast Grill',
      [DOMO_GROUP]: { domoDisplayName: 'Gulf Coast Grill' },
    });
    expect(created).toMatchObject({ id: '5001', members: [] });
    const found = await client.findGroupByDisplayName('franchise - GULF coast grill');
    expect(found).toMatchObject({ id: '5001', [DOMO_GROUP]: { domoDisplayName: 'Gulf Coast Grill' } });
    expect(found?.members).toBeUndefined();

    const userIds = new Map<string, string>();
    for await (const page of client.listUsers({ attributes: ['userName'] })) for (const u of page) userIds.set(u.userName, u.id);
    expect(userIds.size).toBe(1200);

    const add = [...userIds.values()].slice(0, 1100);
    const batches = memberOperations(add, []);
    expect(batches).toHaveLength(3);
    for (const ops of batches) await client.patchGroup('5001', ops);
    expect(em.store.getGroup('5001')!.members).toHaveLength(1100);

    const change = memberOperations(['2101', '2200'], ['1001', '1002'], 3);
    for (const ops of change) await client.patchGroup('5001', ops);
    const group = await client.getGroup('5001');
    expect(group.members).toHaveLength(1100);
    expect(group.members!.slice(0, 1)).toEqual([{ value: '1003', display: 'u2@acme.example' }]);
    expect((await client.getUser('2200')).groups).toEqual([{ value: '5001', display: 'Franchise - Gulf Coast Grill' }]);

    await client.patchGroup('5001', [{ op: 'Replace', path: GROUP_PATHS.displayName, value: 'Franchise - GCG' }]);
    await client.replaceGroup('5001', { displayName: 'Franchise - GCG', members: [{ value: '1001' }] });
    expect(await client.getGroup('5001', { excludeMembers: true })).not.toHaveProperty('members');
    expect(em.store.getGroup('5001')).toEqual({ id: '5001', displayName: 'Franchise - GCG', members: ['1001'] });

    await client.deleteGroup('5001');
    await expect(client.findGroupByDisplayName('Franchise - GCG')).resolves.toBeUndefined();
  });

  test('finds a group on a later page when the filter is refused', async () => {
    for (let i = 0; i < 150; i++) em.store.putGroup({ id: String(5001 + i), displayName: `Group ${i}` });
    em.addFault({ kind: 'status', status: 400, times: 1, method: 'GET', pathPattern: '^/Groups$' });
    em.resetRequests();
    await expect(client.findGroupByDisplayName('group 149')).resolves.toMatchObject({ id: '5150' });
    expect(em.requests.map((r) => [r.status, r.query['filter'], r.query['startIndex'], r.query['excludedAttributes']])).toEqual([
      [400, 'displayName eq "group 149"', '1', 'members'],
      [200, undefined, '1', 'members'],
      [200, undefined, '101', 'members'],
    ]);
  });

  test("Domo's errors reach the caller as ScimErrors", async () => {
    await client.createGroup({ displayName: 'Crew' });
    await expect(client.createGroup({ displayName: 'CREW' })).rejects.toMatchObject({ status: 409, scimType: 'uniqueness' });
    const error = await client.patchGroup('5001', memberOperations(['1001', '9999'], [])[0]!).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScimError);
    expect(error).toMatchObject({ status: 400, scimType: 'invalidValue' });
    expect((error as ScimError).detail).toContain('9999');
    expect(em.store.getGroup('5001')!.members).toEqual([]);
  });
});
