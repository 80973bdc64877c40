import { renderStateChanges, stateChanges, type IdentityState } from '../../src/cli/state-changes';

const before: IdentityState = {
  users: [
    { id: '1', userName: 'ana@acme.example', roleId: 4, title: 'Cook', customAttributes: { franchise: ['North'], region: ['TX'] } },
    { id: '2', userName: 'bo@acme.example', roleId: 5, customAttributes: { franchise: ['South'] } },
    { id: '3', userName: 'cy@acme.example', roleId: 4 },
  ],
  groups: [
    { displayName: 'North', members: ['1'] },
    { displayName: 'Old', members: ['3'] },
  ],
};

const after: IdentityState = {
  users: [
    // Values compared as sets; the userName's case does not make another user.
    { id: '1', userName: 'Ana@acme.example', roleId: 3, title: 'Shift lead', customAttributes: { franchise: ['North'], region: ['TX'] } },
    { id: '2', userName: 'bo@acme.example', roleId: 5, customAttributes: { franchise: ['North'], storeNumber: ['101', '102'] } },
    { id: '4', userName: 'di@acme.example', roleId: 4, customAttributes: { franchise: ['North'] } },
  ],
  groups: [
    { displayName: 'North', members: ['1', '2', '4'] },
    { displayName: 'South', members: [] },
  ],
};

const requests = [{ method: 'GET' }, { method: 'PATCH' }, { method: 'GET' }, { method: 'POST' }];

describe('stateChanges', () => {
  it('counts users, roles, attribute values, groups and requests', () => {
    expect(stateChanges(before, after, requests, ['storeNumber'])).toEqual({
      users: { before: 3, after: 3, created: ['di@acme.example'], deleted: ['cy@acme.example'], fields: [['title', 1]] },
      roles: [{ userName: 'Ana@acme.example', from: 4, to: 3 }],
      attributes: {
        values: 2,
        users: 1,
        byKey: [
          ['storeNumber', 1],
          ['franchise', 1],
        ],
      },
      groups: { created: [{ name: 'South', members: 0 }], deleted: ['Old'], changed: [{ name: 'North', joined: 2, left: 0 }] },
      policies: { created: [], changed: [], deleted: [] },
      requests: [
        ['GET', 2],
        ['PATCH', 1],
        ['POST', 1],
      ],
    });
  });

  it('reads as one aligned line per subject', () => {
    expect(renderStateChanges(stateChanges(before, after, requests)).split('\n')).toEqual([
      '  users       3 -> 3: 1 created (di@acme.example); 1 deleted (cy@acme.example); profile fields changed: title 1',
      '  roles       1 changed: Ana@acme.example Participant (4) -> Editor (3)',
      '  attributes  2 values changed on 1 user: franchise 1, storeNumber 1',
      '  groups      1 created (South: 0 members); 1 changed (North: +2 -0); 1 deleted (Old)',
      '  requests    4: GET 2, PATCH 1, POST 1',
    ]);
  });

  it('adds a policies line when PDP policies were created, changed or deleted (by dataset and name)', () => {
    const policy = (name: string, values: string[], groups: string[] = []) => ({
      name,
      type: 'user',
      filters: [{ column: 'Franchise', values, operator: 'EQUALS' }],
      users: [],
      groups,
    });
    const sales = (policies: ReturnType<typeof policy>[]) => [{ id: 'd1', name: 'Sales', policies }];
    const was: IdentityState = { users: [], groups: [], datasets: sales([policy('North', ['North']), policy('Old', ['Old'])]) };
    const now: IdentityState = {
      users: [],
      groups: [],
      datasets: sales([policy('North', ['North'], ['7']), policy('South', ['South'])]),
    };
    const changes = stateChanges(was, now, []);
    expect(changes.policies).toEqual({ created: ['Sales: South'], changed: ['Sales: North'], deleted: ['Sales: Old'] });
    expect(renderStateChanges(changes).split('\n')).toContain(
      '  policies    1 created (Sales: South); 1 changed (Sales: North); 1 deleted (Sales: Old)',
    );
    expect(
      renderStateChanges(stateChanges(was, was, []))
        .split('\n')
        .map((l) => l.slice(2, 10).trim()),
    ).not.toContain('policies');
  });

  it('says "none" when nothing changed, and shortens long lists', () => {
    const many: IdentityState = {
      users: Array.from({ length: 6 }, (_, i) => ({ id: String(i), userName: `u${i}@x.example` })),
      groups: [],
    };
    const lines = renderStateChanges(stateChanges({ users: [], groups: [] }, many, [])).split('\n');
    expect(lines).toEqual([
      '  users       0 -> 6: 6 created (u0@x.example, u1@x.example, u2@x.example, u3@x.example and 2 more); none deleted; no profile field changed',
      '  roles       none changed',
      '  attributes  none changed',
      '  groups      none created; none changed; none deleted',
      '  requests    none',
    ]);
  });
});
