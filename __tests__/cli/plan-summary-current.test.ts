import { currentValuesOf } from '../../src/cli/plan-summary/current';
import { repairsSection } from '../../src/cli/plan-summary/repairs';
import { summarizePlan } from '../../src/cli/plan-summary/summarize';
import { toReport, type LegacyReport as DriftReport, type OutsiderDrift } from '../support/drift-compat';
import { groupDrift } from '../support/drift-fixture';
import type { ScimGroup, ScimUser } from '../../src/domo/scim/schemas';
import { CUSTOM_USER, DOMO_GROUP } from '../../src/domo/scim/urns';

const created = (name: string, index: string, after: Record<string, string>, kind: string) => ({
  address: `terraform_data.${name}["${index}"]`,
  mode: 'managed',
  type: 'terraform_data',
  name,
  index,
  change: { actions: ['create'], before: null, after: { triggers_replace: after } },
  _kind: kind,
});
/** A replaced instance: its state's trigger map, the planned one, and why Terraform replaces it. */
const replaced = (
  name: string,
  index: string,
  sides: { before: Record<string, string>; after: Record<string, string>; reason?: string },
  kind: string,
) => ({
  ...created(name, index, sides.after, kind),
  ...(sides.reason ? { action_reason: sides.reason } : {}),
  change: { actions: ['delete', 'create'], before: { triggers_replace: sides.before }, after: { triggers_replace: sides.after } },
});
const plan = (...changes: Array<ReturnType<typeof created> | ReturnType<typeof replaced>>) => ({
  resource_changes: changes.map(({ _kind: _, ...c }) => c),
  configuration: {
    root_module: {
      resources: changes.map((c) => ({
        address: `terraform_data.${c.name}`,
        provisioners: [
          {
            expressions: {
              interpreter: {
                constant_value: ['node', 'domo-identity/handler.js', c._kind, 'create', `domo-identity/s.${c.name}`, '${each.key}'],
              },
            },
          },
        ],
      })),
    },
  },
});

const LIVE_USERS = [
  {
    id: '1',
    userName: 'jane@acme.com',
    roles: [{ value: '4' }],
    displayName: 'Jane',
    [CUSTOM_USER]: { customAttributes: [{ key: 'franchise', values: ['B', 'A'] }] },
  },
  { id: '2', userName: 'boss@acme.com', roles: [{ value: '1' }], displayName: 'Boss' },
] as ScimUser[];
const LIVE_GROUPS = [
  { id: '9', displayName: 'North', members: [{ value: '1' }, { value: '2' }], [DOMO_GROUP]: { description: 'old' } },
] as ScimGroup[];

describe("plan-summary with Domo's current values for instances new to Terraform", () => {
  const current = currentValuesOf({ users: LIVE_USERS, groups: LIVE_GROUPS });

  it('a user Domo has is a real change, old -> new; only a user Domo lacks is new', () => {
    const summary = summarizePlan(
      plan(
        created(
          'Employees',
          '0',
          { 'jane@acme.com/displayName': 'Jane', 'jane@acme.com/role': 'Editor (3)', 'new@acme.com/role': 'Participant (4)' },
          'users',
        ),
        created('Attributes', '0', { 'jane@acme.com/franchise': '["A","B"]', 'jane@acme.com/region': 'West' }, 'user-attributes'),
      ),
      { maxChars: 60_000, current },
    );
    expect(summary).toContain('**Totals:** 2 users changed (1 new), 3 attributes changed');
    expect(summary).toContain('| `jane@acme.com` | `role`: `Participant (4)` → `Editor (3)` |');
    // The same set of values in another order is no change.
    expect(summary).toContain('| `jane@acme.com` | `region`: *(empty)* → `West` |');
    expect(summary).toContain('| `new@acme.com` | `role`: `Participant (4)` |');
    expect(summary).toContain('1 instance new to Terraform: old values are what Domo holds now');
  });

  it('a group Domo has shows its member changes (a member added by hand leaves) instead of being created', () => {
    const summary = summarizePlan(
      plan(
        created(
          'Groups',
          'North',
          { displayName: 'North', membership: 'authoritative', description: 'new', 'member/jane@acme.com': 'member' },
          'directory-groups',
        ),
      ),
      { maxChars: 60_000, current },
    );
    expect(summary).toContain('groups: 0 created, 1 changed, 0 removed · members: 0 joining, 1 leaving');
    expect(summary).toContain('**`North`** — changed, 2 → 1 member');
    expect(summary).toContain('- `description`: `old` → `new`');
    expect(summary).toContain('Leaving (1; removed from the group): `boss@acme.com`');
  });

  it("without current values a first deploy's users all read as new (as plain plan-summary does)", () => {
    const summary = summarizePlan(plan(created('Employees', '0', { 'jane@acme.com/role': 'Editor (3)' }, 'users')), { maxChars: 60_000 });
    expect(summary).toContain('1 user changed (1 new)');
  });
});

describe("plan-summary of instances run again after a failed or interrupted apply, from Domo's values", () => {
  const current = currentValuesOf({ users: LIVE_USERS, groups: LIVE_GROUPS });
  // Jane's franchise is ["A","B"] in Domo; boss has no franchise yet (the failed apply did not reach them).
  const triggers = { 'jane@acme.com/franchise': '["A","B"]', 'boss@acme.com/franchise': '["C"]' };
  /** An instance run again with the trigger map it had: tainted, or with another reason. */
  const rerun = (name: string, index: string, map: Record<string, string>, kind: string, reason = 'replace_because_tainted') =>
    replaced(name, index, { before: map, after: map, reason }, kind);
  /** The summary of a plan replacing one instance, with Domo's values unless `blind`. */
  const summaryOf = (change: ReturnType<typeof replaced>, blind = false) =>
    summarizePlan(plan(change), { maxChars: 60_000, ...(blind ? {} : { current }) });

  it('a tainted shard whose state equals the code shows the write the failed apply left undone, old -> new, and counts it', () => {
    const summary = summaryOf(rerun('Attributes', '0', triggers, 'user-attributes'));
    expect(summary).toContain('**Totals:** 1 user changed, 1 attribute changed, 0 users leaving');
    expect(summary).toContain('| `boss@acme.com` | `franchise`: *(empty)* → `["C"]` |');
    expect(summary).not.toContain('jane@acme.com');
    expect(summary).toContain('1 instance run again whole after a failed or interrupted apply: old values are what Domo holds now');
    expect(summary).not.toContain('re-run with no data change');
    // Without Domo's values the same plan shows nothing to write, as before.
    const blind = summaryOf(rerun('Attributes', '0', triggers, 'user-attributes'), true);
    expect(blind).toContain('**Totals:** 0 users changed');
  });

  it('a tainted shard whose users Domo already holds as the code says is a re-run with no data change', () => {
    const done = { 'jane@acme.com/franchise': '["A","B"]' };
    const summary = summaryOf(rerun('Attributes', '0', done, 'user-attributes'));
    expect(summary).toContain('**Totals:** 0 users changed');
    expect(summary).toContain('1 instance re-run with no data change');
    expect(summary).not.toContain('run again whole');
  });

  it('a tainted shard reads every user from Domo (the engine reconciles it whole), even one whose trigger did not change', () => {
    const before = { 'jane@acme.com/franchise': '["A","B"]', 'boss@acme.com/franchise': '["C"]', 'jane@acme.com/region': 'West' };
    const after = { ...before, 'jane@acme.com/region': 'East' };
    const summary = summaryOf(replaced('Attributes', '0', { before, after, reason: 'replace_because_tainted' }, 'user-attributes'));
    expect(summary).toContain('**Totals:** 2 users changed, 2 attributes changed, 0 users leaving');
    expect(summary).toContain('| `jane@acme.com` | `region`: *(empty)* → `East` |');
    expect(summary).toContain('| `boss@acme.com` | `franchise`: *(empty)* → `["C"]` |');
  });

  it('a shard replaced for a data change reads from Domo only the users whose triggers changed, as the engine selects them', () => {
    // An interrupted apply already wrote jane's new franchise; boss's state value stays (the engine does not plan boss).
    const before = { 'jane@acme.com/franchise': '["Z"]', 'boss@acme.com/franchise': '["C"]' };
    const after = { 'jane@acme.com/franchise': '["A","B"]', 'boss@acme.com/franchise': '["C"]' };
    const summary = summaryOf(replaced('Attributes', '0', { before, after }, 'user-attributes'));
    expect(summary).toContain('**Totals:** 0 users changed');
    expect(summary).toContain('1 instance re-run with no data change');
    const moved = { ...after, 'jane@acme.com/franchise': '["D"]' };
    const next = summaryOf(replaced('Attributes', '0', { before, after: moved }, 'user-attributes'));
    expect(next).toContain('**Totals:** 1 user changed, 1 attribute changed');
    expect(next).toContain('| `jane@acme.com` | `franchise`: `["A","B"]` → `["D"]` |');
  });

  it('a repair keeps the state as its old side (the Repairs section shows its writes) and is never called a re-run with no data change', () => {
    const summary = summaryOf(rerun('Attributes', '0', triggers, 'user-attributes', 'replace_by_request'));
    expect(summary).toContain('**Totals:** 0 users changed');
    expect(summary).toContain('1 instance replaced to repair drift: what it writes is under Repairs');
    expect(summary).not.toContain('re-run with no data change');
  });

  it('a tainted group is summarized from Domo: its fields and the members it will add and remove', () => {
    const group = { displayName: 'North', membership: 'authoritative', description: 'new', 'member/jane@acme.com': 'member' };
    const summary = summaryOf(rerun('Groups', 'North', group, 'directory-groups'));
    expect(summary).toContain('groups: 0 created, 1 changed, 0 removed · members: 0 joining, 1 leaving');
    expect(summary).toContain('- `description`: `old` → `new`');
    expect(summary).toContain('Leaving (1; removed from the group): `boss@acme.com`');
    expect(summary).toContain('1 instance run again whole after a failed or interrupted apply: old values are what Domo holds now');
  });

  it('a tainted instance of a kind that reads nothing from Domo says its writes are not shown, never "no data change"', () => {
    const policy = { 'policy/0': '{"name":"North"}' };
    const summary = summaryOf(rerun('Policies', 'ds-1', policy, 'pdp-policies'));
    expect(summary).toContain("1 instance run again whole after a failed or interrupted apply: Domo's values are not read for this kind");
    expect(summary).not.toContain('re-run with no data change');
  });
});

describe('the Repairs section', () => {
  it("lists each repair with Domo's value first and why, apart from the data changes", () => {
    const report: DriftReport = {
      inSync: false,
      users: [
        {
          userName: 'jane@acme.com',
          status: 'changed',
          constructs: ['s/Attributes'],
          differences: [{ construct: 's/Attributes', kind: 'attribute', key: 'storeNumber', desired: ['101'], live: ['999'] }],
        },
        { userName: 'gone@acme.com', status: 'missing', constructs: ['s/Employees'], differences: [], creatable: true },
      ],
      groups: [groupDrift('North', { extra: ['eve@acme.com'] })],
      outsiders: [],
    };
    const outsiders: OutsiderDrift[] = [
      { userName: 'left@acme.com', construct: 's/Attributes', removal: 'clear', values: { region: ['West'] } },
      { userName: 'former@acme.com', construct: 's/Employees', removal: 'delete', values: { employee: ['yes'] } },
    ];
    const section = repairsSection({ report: toReport({ ...report, outsiders }), replaced: 3 })!;
    const summary = summarizePlan({ resource_changes: [] }, { maxChars: 60_000, repairs: section });
    expect(summary).toContain('### Repairs · changes made outside the code');
    expect(summary).toContain('3 instances replaced on request (`-replace`)');
    expect(summary).toContain('| `jane@acme.com` | `storeNumber`: `999` → `101` | changed in Domo outside the code |');
    expect(summary).toContain('| `gone@acme.com` | missing in Domo → created | deleted or never created in Domo |');
    expect(summary).toContain('| `North` | leaving: `eve@acme.com` | members added outside the code (membership `authoritative`) |');
    expect(summary).toContain(
      '| `left@acme.com` | `region`: `West` → *(none)* | outside the data of `s/Attributes`, holds keys only this stack writes (removal policy `clear`) |',
    );
    expect(summary).toContain('| `former@acme.com` | **deleted from Domo** (holds `employee`) |');
    expect(repairsSection({ report: toReport({ inSync: true, users: [], groups: [], outsiders: [] }), replaced: 0 })).toBeUndefined();
  });
});
