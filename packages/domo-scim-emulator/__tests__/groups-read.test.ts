import { CORE_GROUP, DOMO_GROUP, ERROR, LIST_RESPONSE } from '../src/contract';
import { RunningEmulator } from '../src';
import { call, groupSeed, start } from './helpers';

let em: RunningEmulator;
beforeAll(async () => {
  em = await start({ seed: groupSeed() });
});
afterAll(() => em.close());

const ids = (res: { json: { Resources: { id: string }[] } }) => res.json.Resources.map((r) => r.id);
const list = (query: Record<string, string>) => call(em.scimUrl, 'GET', '/Groups', { query });

describe('GET /Groups/{id}', () => {
  it('returns the Domo representation with members displayed by userName', async () => {
    const res = await call(em.scimUrl, 'GET', '/Groups/5001');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/scim+json');
    expect(res.json).toEqual({
      schemas: [CORE_GROUP, DOMO_GROUP],
      id: '5001',
      displayName: 'Franchise - Gulf Coast Grill',
      members: [
        { value: '1001', display: 'jane.doe@acme.example' },
        { value: '1002', display: 'John.Smith@acme.example' },
      ],
      [DOMO_GROUP]: { domoDisplayName: 'Gulf Coast Grill', description: 'Franchise staff' },
      meta: { resourceType: 'Group', created: expect.any(String), lastModified: expect.any(String), location: `${em.scimUrl}/Groups/5001` },
    });
  });

  it('shows an empty group with members: [] and no Domo block', async () => {
    const res = await call(em.scimUrl, 'GET', '/Groups/5003');
    expect(res.json.members).toEqual([]);
    expect(res.json[DOMO_GROUP]).toBeUndefined();
  });

  it('leaves members out with excludedAttributes=members, and keeps only what attributes names', async () => {
    const excluded = await call(em.scimUrl, 'GET', '/Groups/5001', { query: { excludedAttributes: 'members' } });
    expect(Object.keys(excluded.json).sort()).toEqual(['displayName', 'id', 'meta', 'schemas', DOMO_GROUP].sort());
    const named = await call(em.scimUrl, 'GET', '/Groups/5001', { query: { attributes: `displayName,${DOMO_GROUP}:description` } });
    expect(named.json).toEqual({
      schemas: [CORE_GROUP, DOMO_GROUP],
      id: '5001',
      displayName: 'Franchise - Gulf Coast Grill',
      [DOMO_GROUP]: { description: 'Franchise staff' },
      meta: expect.any(Object),
    });
    const noDescription = await call(em.scimUrl, 'GET', '/Groups/5001', { query: { excludedAttributes: `${DOMO_GROUP}:description,id` } });
    expect(noDescription.json[DOMO_GROUP]).toEqual({ domoDisplayName: 'Gulf Coast Grill' });
    expect(noDescription.json.id).toBe('5001');
  });

  it('answers a SCIM 404 for an unknown group, and for a user id', async () => {
    for (const id of ['9999', '1001']) {
      const res = await call(em.scimUrl, 'GET', `/Groups/${id}`);
      expect(res.status).toBe(404);
      expect(res.json).toEqual({ schemas: [ERROR], status: '404', detail: `Group ${id} not found` });
    }
  });
});

describe('GET /Groups', () => {
  it('lists every group by id as a ListResponse', async () => {
    const res = await list({});
    expect(res.json).toMatchObject({ schemas: [LIST_RESPONSE], totalResults: 3, startIndex: 1, itemsPerPage: 3 });
    expect(ids(res)).toEqual(['5001', '5002', '5003']);
    expect(res.json.Resources[0].members).toHaveLength(2);
  });

  it('pages with startIndex and count', async () => {
    const first = await list({ startIndex: '1', count: '2' });
    expect(first.json).toMatchObject({ totalResults: 3, startIndex: 1, itemsPerPage: 2 });
    expect(ids(first)).toEqual(['5001', '5002']);
    const second = await list({ startIndex: '3', count: '2' });
    expect(ids(second)).toEqual(['5003']);
    expect((await list({ startIndex: '9' })).json).toMatchObject({ totalResults: 3, itemsPerPage: 0, Resources: [] });
    expect((await list({ count: 'two' })).json).toMatchObject({ status: '400', scimType: 'invalidValue' });
  });

  it('clamps count to maxPageSize', async () => {
    const small = await start({ seed: groupSeed(), maxPageSize: 2 });
    try {
      const res = await call(small.scimUrl, 'GET', '/Groups', { query: { count: '100' } });
      expect(res.json).toMatchObject({ totalResults: 3, itemsPerPage: 2 });
    } finally {
      await small.close();
    }
  });

  it('leaves members out of a listing with excludedAttributes=members', async () => {
    const res = await list({ excludedAttributes: 'members' });
    expect(res.json.Resources.every((g: object) => !('members' in g))).toBe(true);
    expect(res.json.Resources[0].displayName).toBe('Franchise - Gulf Coast Grill');
  });

  it('matches displayName eq case-insensitively', async () => {
    const res = await list({ filter: 'displayName eq "FRANCHISE - gulf coast grill"' });
    expect(ids(res)).toEqual(['5001']);
    expect(res.json.totalResults).toBe(1);
    expect(ids(await list({ filter: 'DisplayName EQ "empty"' }))).toEqual(['5003']);
  });

  it('unescapes \\" and \\\\ in a displayName filter, and an escaped quote does not widen the match', async () => {
    expect(ids(await list({ filter: 'displayName eq "kitchen \\"night\\" \\\\ crew"' }))).toEqual(['5002']);
    expect(ids(await list({ filter: 'displayName eq "Empty\\" or displayName pr \\""' }))).toEqual([]);
  });

  it('answers an empty list for a name nobody has', async () => {
    expect((await list({ filter: 'displayName eq "nope"' })).json).toMatchObject({ totalResults: 0, itemsPerPage: 0, Resources: [] });
  });

  it('evaluates other filters over the whole representation', async () => {
    expect(ids(await list({ filter: 'displayName sw "franchise"' }))).toEqual(['5001']);
    expect(ids(await list({ filter: 'displayName eq "Empty" or displayName co "Night"' }))).toEqual(['5002', '5003']);
    expect(ids(await list({ filter: `${DOMO_GROUP}:domoDisplayName eq "gulf coast grill"` }))).toEqual(['5001']);
    expect(ids(await list({ filter: 'members.value eq "1002"' }))).toEqual(['5001', '5002']);
    expect(ids(await list({ filter: 'members[display eq "JOHN.SMITH@acme.example"] and not (displayName sw "K")' }))).toEqual(['5001']);
    expect(ids(await list({ filter: 'id eq "5003"', excludedAttributes: 'members' }))).toEqual(['5003']);
  });

  it('answers 400 invalidFilter for a malformed filter', async () => {
    const res = await list({ filter: 'displayName eq' });
    expect(res.status).toBe(400);
    expect(res.json.scimType).toBe('invalidFilter');
  });
});

describe("users' groups attribute", () => {
  it('lists the groups a user belongs to, by group id', async () => {
    expect((await call(em.scimUrl, 'GET', '/Users/1002')).json.groups).toEqual([
      { value: '5001', display: 'Franchise - Gulf Coast Grill' },
      { value: '5002', display: 'Kitchen "Night" \\ Crew' },
    ]);
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).json.groups).toEqual([
      { value: '5001', display: 'Franchise - Gulf Coast Grill' },
    ]);
    expect((await call(em.scimUrl, 'GET', '/Users/1003')).json.groups).toEqual([]);
  });

  it('is filterable, selectable and excludable on user listings', async () => {
    const members = await call(em.scimUrl, 'GET', '/Users', { query: { filter: 'groups.value eq "5002"', attributes: 'groups' } });
    expect(members.json.Resources).toEqual([
      { schemas: expect.any(Array), id: '1002', groups: expect.any(Array), meta: expect.any(Object) },
    ]);
    const without = await call(em.scimUrl, 'GET', '/Users/1002', { query: { excludedAttributes: 'groups' } });
    expect(without.json.groups).toBeUndefined();
    expect(without.json.userName).toBe('John.Smith@acme.example');
  });
});

describe('discovery', () => {
  it('publishes the Group and Domo group schemas', async () => {
    const group = await call(em.scimUrl, 'GET', '/Schemas/Group');
    expect(group.json.id).toBe(CORE_GROUP);
    expect(group.json.attributes.map((a: { name: string }) => a.name)).toEqual(['displayName', 'members']);
    const domo = await call(em.scimUrl, 'GET', `/Schemas/${encodeURIComponent(DOMO_GROUP)}`);
    expect(domo.json.attributes.map((a: { name: string }) => a.name)).toEqual(['domoDisplayName', 'description']);
  });
});
