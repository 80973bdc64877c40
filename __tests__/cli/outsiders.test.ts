import {
  computeDrift,
  driftOutsideTheCode,
  findOutsiders,
  outsiderRepairs,
  type LegacyDeployed as Deployed,
  type DesiredState,
  type LegacyReport as DriftReport,
} from '../support/drift-compat';
import type { ScimUser } from '../../src/domo/scim/schemas';
import { CUSTOM_USER } from '../../src/domo/scim/urns';
import { groupDrift } from '../support/drift-fixture';
import { policyTriggers } from '../../src/kinds/pdp-policies/model';

const user = (id: string, userName: string, custom: Record<string, string[]> = {}, extra: Partial<ScimUser> = {}): ScimUser =>
  ({
    id,
    userName,
    [CUSTOM_USER]: { customAttributes: Object.entries(custom).map(([key, values]) => ({ key, values })) },
    ...extra,
  }) as ScimUser;

const DESIRED: DesiredState = {
  userAttributes: [
    {
      constructPath: 's/Franchise',
      managedKeys: ['franchise', 'region'],
      users: [{ userName: 'Ana@x.com', attributes: { franchise: ['North'], region: [] } }],
      instanceOf: new Map([['ana@x.com', '3']]),
      removalPolicy: 'clear',
    },
    {
      constructPath: 's/Kept',
      managedKeys: ['badge'],
      users: [],
      instanceOf: new Map(),
      removalPolicy: 'retain',
    },
  ],
  users: [
    {
      constructPath: 's/Employees',
      users: [
        { userName: 'ana@x.com', fields: {}, customAttributes: { employee: ['yes'], region: ['W'] } },
        { userName: 'cy@x.com', fields: {}, customAttributes: { employee: ['yes'] } },
      ],
      instanceOf: new Map([
        ['ana@x.com', '0'],
        ['cy@x.com', '1'],
      ]),
      removalPolicy: 'delete',
    },
  ],
  groups: [],
};

describe('users outside the data (a lost state forgot them)', () => {
  it('under clear: anyone no construct desires a key for who holds it; under delete: former users by the marker key', () => {
    const live = [
      user('1', 'ana@x.com', { franchise: ['North'], region: ['W'], employee: ['yes'] }),
      // Left the data: still holds a key only the stack writes.
      user('2', 'BO@x.com', { franchise: ['South'], region: ['E'], badge: ['red'], employee: ['yes'] }),
      // Holds region, which Employees desires for ana only: an outsider of s/Franchise.
      user('3', 'di@x.com', { region: ['N'] }),
      // A retain construct owns nothing; an empty value is no value.
      user('4', 'ed@x.com', { badge: ['blue'], franchise: [] }),
      user('5', 'cy@x.com', { employee: ['yes'] }),
    ];
    expect(findOutsiders(DESIRED, live)).toEqual([
      { userName: 'BO@x.com', construct: 's/Employees', removal: 'delete', values: { employee: ['yes'] } },
      { userName: 'BO@x.com', construct: 's/Franchise', removal: 'clear', values: { franchise: ['South'], region: ['E'] } },
      { userName: 'di@x.com', construct: 's/Franchise', removal: 'clear', values: { region: ['N'] } },
    ]);
    const report = computeDrift(DESIRED, { users: live, groups: [] });
    expect(report.inSync).toBe(false);
    expect(report.outsiders).toHaveLength(3);
  });

  it('a delete construct without a key it writes for every user recognises nobody', () => {
    const desired: DesiredState = {
      ...DESIRED,
      users: [
        {
          ...DESIRED.users[0]!,
          users: [
            { userName: 'ana@x.com', fields: {}, customAttributes: { employee: ['yes'] } },
            { userName: 'cy@x.com', fields: {}, customAttributes: {} },
          ],
        },
      ],
    };
    expect(findOutsiders(desired, [user('2', 'bo@x.com', { employee: ['yes'] })])).toEqual([]);
  });

  it('are assigned to an instance already repaired, else the first of the construct; those the state still lists are left to the plan', () => {
    const report: DriftReport = {
      inSync: false,
      users: [],
      groups: [],
      outsiders: [
        { userName: 'bo@x.com', construct: 's/Franchise', removal: 'clear', values: { franchise: ['S'] } },
        { userName: 'di@x.com', construct: 's/Franchise', removal: 'clear', values: { region: ['N'] } },
        { userName: 'bo@x.com', construct: 's/Employees', removal: 'delete', values: { employee: ['yes'] } },
      ],
    };
    const covered = (c: string) => new Set(c === 's/Franchise' ? ['di@x.com'] : []);
    expect(outsiderRepairs(DESIRED, report, [{ constructPath: 's/Employees', instanceKey: '1' }], covered)).toEqual({
      repairs: [
        { constructPath: 's/Franchise', instanceKey: '3', removal: 'clear', userNames: ['bo@x.com'] },
        { constructPath: 's/Employees', instanceKey: '1', removal: 'delete', userNames: ['bo@x.com'] },
      ],
      unassigned: [],
    });
  });
});

describe('driftOutsideTheCode: only what was changed in Domo is repaired', () => {
  const deployed = (users: Record<string, Record<string, string>>, groups: Record<string, Record<string, string>> = {}): Deployed => ({
    users: (c) => (users[c] ? new Map(Object.entries(users[c]!)) : undefined),
    instance: (c, key) => (groups[`${c}/${key}`] ? new Map(Object.entries(groups[`${c}/${key}`]!)) : undefined),
  });
  const report: DriftReport = {
    inSync: false,
    users: [
      {
        userName: 'Ana@x.com',
        status: 'changed',
        constructs: ['s/Franchise', 's/Employees'],
        differences: [
          // Domo holds what was deployed: the code changes it (a data change).
          { construct: 's/Franchise', kind: 'attribute', key: 'franchise', desired: ['North'], live: ['South'] },
          // Domo holds something else: changed by hand.
          { construct: 's/Franchise', kind: 'attribute', key: 'region', desired: [], live: ['X', 'W'] },
          { construct: 's/Employees', kind: 'field', key: 'role', desired: '3', live: '4' },
        ],
      },
      { userName: 'new@x.com', status: 'missing', constructs: ['s/Employees'], differences: [] },
      { userName: 'gone@x.com', status: 'missing', constructs: ['s/Employees'], differences: [] },
    ],
    groups: [
      groupDrift('North', { missing: ['joins@x.com', 'removed.by.hand@x.com'], extra: ['leaves@x.com', 'added.by.hand@x.com'] }),
      { ...groupDrift('New group', { missing: ['a@x.com'] }), status: 'missing' },
    ],
    outsiders: [],
  };

  it('drops differences the state explains and users or groups the state never had', () => {
    const state = deployed(
      {
        's/Franchise': { 'ana@x.com/franchise': 'South', 'ana@x.com/region': '["W"]' },
        's/Employees': { 'ana@x.com/role': 'Editor (3)', 'gone@x.com/displayName': 'Gone' },
      },
      { 's/Groups/North': { displayName: 'North', 'member/leaves@x.com': 'member', 'member/Removed.By.Hand@x.com': 'member' } },
    );
    const outside = driftOutsideTheCode(report, state, [], DESIRED);
    expect(outside.users).toEqual([
      {
        ...report.users[0],
        differences: [
          { construct: 's/Franchise', kind: 'attribute', key: 'region', desired: [], live: ['X', 'W'] },
          { construct: 's/Employees', kind: 'field', key: 'role', desired: '3', live: '4' },
        ],
      },
      report.users[2],
    ]);
    expect(outside.groups).toEqual([
      { ...report.groups[0], missingMembers: ['removed.by.hand@x.com'], extraMembers: ['added.by.hand@x.com'] },
    ]);
  });

  it("keeps a policy's drift only when the state deployed what the code wants now", () => {
    const north = {
      name: 'North',
      allRows: false,
      filters: [{ column: 'Franchise', values: ['North'], operator: 'EQUALS' as const, not: false }],
      users: [],
      groups: ['North'],
    };
    const south = { ...north, name: 'South', filters: [{ ...north.filters[0]!, values: ['South'] }] };
    const drifted = (name: string) => ({
      dataset: 'd1',
      name,
      construct: 's/Policies',
      status: 'changed' as const,
      rows: { desired: 'x', live: 'y' },
      missingUsers: [],
      extraUsers: [],
      missingGroups: [],
      extraGroups: [],
      membersNotInDomo: [],
    });
    const policies = {
      ...report,
      users: [],
      groups: [],
      policies: [drifted('North'), drifted('South'), { ...drifted('West'), dataset: 'd2' }],
    };
    // The state deployed North as wanted and South with the old filter (the code changed it since).
    const state = deployed(
      {},
      {
        's/Policies/d1': {
          ...policyTriggers([north]),
          ...policyTriggers([{ ...south, filters: [{ ...south.filters[0]!, values: ['Old'] }] }]),
        },
      },
    );
    const desired = [
      {
        constructPath: 's/Policies',
        datasets: new Map([
          ['d1', [north, south]],
          ['d2', [{ ...north, name: 'West' }]],
        ]),
      },
    ];
    const outside = driftOutsideTheCode(policies, state, desired);
    expect(outside.policies).toEqual([drifted('North')]);
    expect(outside.inSync).toBe(false);
    expect(driftOutsideTheCode(policies, deployed({}), desired)).toMatchObject({ inSync: true, policies: [] });
  });

  it('with an empty state nothing is a repair: every instance is created and reconciled whole', () => {
    expect(driftOutsideTheCode(report, deployed({}), [], DESIRED)).toEqual({ inSync: true, users: [], groups: [], outsiders: [] });
  });
});
