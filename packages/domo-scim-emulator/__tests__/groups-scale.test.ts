import { RunningEmulator, SeedUser } from '../src';
import { call, newGroup, patchBody, start, testSeed } from './helpers';

/** 20,500 users: 20,000 for the group, 500 more to add. */
const USERS: SeedUser[] = Array.from({ length: 20_500 }, (_, i) => ({
  id: String(100_001 + i),
  userName: `user${i}@scale.example`,
  roleId: 4,
  customAttributes: {},
  ownsDatasets: false,
}));
const ids = (from: number, to: number) => USERS.slice(from, to).map((u) => u.id);

let em: RunningEmulator;
beforeAll(async () => {
  em = await start({ seed: testSeed({ users: USERS }) });
});
afterAll(() => em.close());

describe('a 20,000-member group', () => {
  it('is created, patched with 500 adds and 500 removes, listed without members, and reflected on users', async () => {
    const created = await call(em.scimUrl, 'POST', '/Groups', {
      body: newGroup('Everyone', { members: ids(0, 20_000).map((value) => ({ value })) }),
    });
    expect(created.status).toBe(201);
    expect(created.json.members).toHaveLength(20_000);
    expect(created.json.members[19_999]).toEqual({ value: '120000', display: 'user19999@scale.example' });
    const id: string = created.json.id;

    const added = await call(em.scimUrl, 'PATCH', `/Groups/${id}`, {
      body: patchBody(
        { op: 'Add', path: 'members', value: ids(20_000, 20_500).map((value) => ({ value })) },
        { op: 'Remove', path: 'members', value: ids(0, 500).map((value) => ({ value })) },
      ),
      query: { excludedAttributes: 'members' },
    });
    expect(added.status).toBe(200);
    expect(added.json.members).toBeUndefined();
    const members = em.store.getGroup(id)!.members;
    expect(members).toHaveLength(20_000);
    expect(members.slice(0, 2)).toEqual(['100501', '100502']);
    expect(members.slice(-1)).toEqual(['120500']);

    const listing = await call(em.scimUrl, 'GET', '/Groups', { query: { excludedAttributes: 'members' } });
    expect(listing.json.Resources).toEqual([expect.objectContaining({ id, displayName: 'Everyone' })]);
    expect(listing.json.Resources[0].members).toBeUndefined();

    expect((await call(em.scimUrl, 'GET', '/Users/120500')).json.groups).toEqual([{ value: id, display: 'Everyone' }]);
    expect((await call(em.scimUrl, 'GET', '/Users/100001')).json.groups).toEqual([]);
    const byMember = await call(em.scimUrl, 'GET', '/Groups', {
      query: { filter: 'members.value eq "120500"', attributes: 'displayName' },
    });
    expect(byMember.json.Resources.map((g: { id: string }) => g.id)).toEqual([id]);
  });
});
