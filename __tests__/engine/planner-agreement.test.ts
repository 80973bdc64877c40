import { computeDrift, type DesiredState } from '../support/drift-compat';
import { planGroup } from '../../src/kinds/directory-groups/planner';
import { planUser } from '../../src/engine/planner/user';
import { userFields } from '../../src/kinds/users/fields';
import type { ScimGroup, ScimUser } from '../../src/domo/scim/schemas';
import { CUSTOM_USER, DOMO_GROUP, ENTERPRISE_USER } from '../../src/domo/scim/urns';
import type { NormalizedUser } from '../../src/kinds/users/model';

const custom = (attributes: Record<string, string[]>) => ({
  [CUSTOM_USER]: { customAttributes: Object.entries(attributes).map(([key, values]) => ({ key, values })) },
});
const BOSS: ScimUser = { id: '9', userName: 'boss@acme.com' };

/** Desired and live pairs, one user each: what the handlers write must be exactly what drift reports. */
const USER_CASES: Array<[string, NormalizedUser, ScimUser]> = [
  [
    'in sync, values in another order and repeated',
    { userName: 'a@x.com', fields: {}, customAttributes: { k: ['b', 'a'] } },
    { id: '1', userName: 'A@x.com', ...custom({ k: ['a', 'b', 'a'] }) },
  ],
  [
    'a value differs',
    { userName: 'a@x.com', fields: {}, customAttributes: { k: ['a'] } },
    { id: '1', userName: 'a@x.com', ...custom({ k: ['b'] }) },
  ],
  [
    'a key to clear',
    { userName: 'a@x.com', fields: {}, customAttributes: { k: [] } },
    { id: '1', userName: 'a@x.com', ...custom({ k: ['b'] }) },
  ],
  [
    'title and role',
    { userName: 'a@x.com', fields: { title: 'Chef', role: '3' }, customAttributes: {} },
    { id: '1', userName: 'a@x.com', title: 'Cook', roles: [{ value: '4' }] },
  ],
  [
    'a mobile phone among other numbers',
    { userName: 'a@x.com', fields: { mobilePhone: '+1 2' }, customAttributes: {} },
    {
      id: '1',
      userName: 'a@x.com',
      phoneNumbers: [
        { value: '+1 1', type: 'mobile' },
        { value: '+1 9', type: 'work' },
      ],
    },
  ],
  [
    'the manager',
    { userName: 'a@x.com', fields: { manager: 'boss@acme.com' }, customAttributes: {} },
    { id: '1', userName: 'a@x.com', [ENTERPRISE_USER]: { manager: { value: '7' } } },
  ],
  [
    'a hire date given as a date-time in Domo',
    { userName: 'a@x.com', fields: { hireDate: '2021-03-04' }, customAttributes: {} },
    { id: '1', userName: 'a@x.com', 'urn:ietf:params:scim:schemas:extension:domo:2.0:User': { hireDate: '2021-03-04T00:00:00Z' } },
  ],
];

describe('one planner: handlers write exactly what drift reports', () => {
  it.each(USER_CASES)('%s', (_name, desired, live) => {
    const fields = { ...desired.fields, ...(desired.fields.manager ? { manager: BOSS.id } : {}) };
    const plan = planUser(live, {
      fields: userFields(fields),
      attributes: desired.customAttributes,
      keys: Object.keys(desired.customAttributes),
    });
    const state: DesiredState = {
      userAttributes: [],
      groups: [],
      users: [{ constructPath: 'u', users: [desired], instanceOf: new Map() }],
    };
    const report = computeDrift(state, { users: [live, BOSS], groups: [] });
    const drifted = report.users.flatMap((u) => u.differences.map((d) => d.key)).sort();
    const planned = [...plan.fields.map((c) => c.field), ...plan.attributes.map((c) => c.key)].sort();
    expect(drifted).toEqual(planned);
    expect(report.inSync).toBe(plan.operations.length === 0);
  });

  it.each([
    ['in sync', ['1', '2'], { members: ['1', '2'] }, 'authoritative'],
    ['one in, one out', ['1', '3'], { members: ['1', '2'] }, 'authoritative'],
    ['additive never removes', ['1'], { members: ['1', '2'] }, 'additive'],
    ['a changed description', ['1'], { members: ['1'], description: 'old' }, 'authoritative'],
  ] as const)('groups: %s', (_name, desiredIds, liveGroup, membership) => {
    const users: ScimUser[] = ['1', '2', '3'].map((id) => ({ id, userName: `u${id}@x.com` }));
    const live: ScimGroup = {
      id: 'g',
      displayName: 'G',
      members: liveGroup.members.map((value) => ({ value })),
      [DOMO_GROUP]: { description: 'description' in liveGroup ? liveGroup.description : undefined },
    };
    const desired = {
      displayName: 'G',
      members: desiredIds.map((id) => `u${id}@x.com`),
      ...('description' in liveGroup ? { description: 'new' } : {}),
    };
    const plan = planGroup(live, desired, new Set(desiredIds), membership);
    const state: DesiredState = { userAttributes: [], users: [], groups: [{ constructPath: 'g', membership, groups: [desired] }] };
    const report = computeDrift(state, { users, groups: [live] });
    const group = report.groups[0];
    expect(group?.missingMembers ?? []).toEqual(plan.add.map((id) => `u${id}@x.com`));
    expect(group?.extraMembers ?? []).toEqual(plan.remove.map((id) => `u${id}@x.com`));
    expect((group?.fields ?? []).map((f) => f.field)).toEqual(plan.fields.map((f) => f.field));
  });
});
