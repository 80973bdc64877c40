import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyzePlan } from '../../src/cli/plan-summary/analyze';
import { summarizePlan } from '../../src/cli/plan-summary/summarize';
import { PlanFormatError } from '../../src/plan/errors';
import type { ConstructManifests } from '../../src/plan/section';

const fixture = (name: string): unknown => JSON.parse(readFileSync(join(__dirname, '..', 'fixtures', 'plans', `${name}.json`), 'utf8'));
const summarize = (name: string, manifests?: ConstructManifests) =>
  summarizePlan(fixture(name), { maxChars: 60_000, ...(manifests ? { manifests } : {}) });

const MANIFESTS: ConstructManifests = {
  'domo-identity/franchise-identity.FranchiseAttributes': {
    kind: 'user-attributes',
    constructPath: 'franchise-identity/FranchiseAttributes',
    removalPolicy: 'clear',
  },
  'domo-identity/franchise-identity.FranchiseUsers': {
    kind: 'users',
    constructPath: 'franchise-identity/FranchiseUsers',
    removalPolicy: 'delete',
  },
  'domo-identity/franchise-identity.FranchiseGroups': {
    kind: 'directory-groups',
    constructPath: 'franchise-identity/FranchiseGroups',
    removalPolicy: 'delete',
    membership: 'authoritative',
  },
  'domo-identity/franchise-identity.Definitions': {
    kind: 'custom-attributes',
    constructPath: 'franchise-identity/Definitions',
    removalPolicy: 'retain',
  },
};

describe('summarizePlan', () => {
  it('one attribute change: a table row old → new, no-op shards and unchanged users left out', () => {
    expect(summarize('attribute-change')).toBe(
      [
        '## Domo identity plan',
        '',
        '**Totals:** 1 user changed, 1 attribute changed, 0 users leaving · groups: 0 created, 0 changed, 0 removed · members: 0 joining, 0 leaving · definitions: 0 created, 0 changed, 0 removed',
        '',
        '### FranchiseAttributes · user attributes',
        '',
        '1 changed',
        '',
        '**Changed** (1 user)',
        '',
        '| User | Changes |',
        '| --- | --- |',
        '| `jane@acme.com` | `franchise`: `FS-101` → `FS-102` |',
        '',
      ].join('\n'),
    );
  });

  it('membership change: members joining and leaving, field changes, a created group, and the >25% removal warning', () => {
    const out = summarize('membership-change');
    expect(out).toContain('members: 3 joining, 1 leaving');
    expect(out).toContain('groups: 1 created, 1 changed, 0 removed');
    expect(out).toContain('> - Group `Franchise 101` loses **1 of 3 members** (33%) in `FranchiseGroups`');
    expect(out).toContain(
      [
        '**`Franchise 101`** — changed, 3 → 3 members',
        '',
        '- `description`: `Stores of franchise 101` → `Stores of franchise 101 (West)`',
        '',
        'Joining (1): `carol@acme.com`',
        '',
        'Leaving (1; removed from the group): `bob@acme.com`',
      ].join('\n'),
    );
    expect(out).toContain('**`Franchise 303`** — created, 2 members\n\nJoining (2): `li@acme.com`, `zed@acme.com`');
    expect(out).not.toContain('Franchise 202');
  });

  it('members no longer listed in an additive group are not counted as leaving, and raise no warning', () => {
    const plan = fixture('membership-change') as {
      resource_changes: Array<{
        change: { before: { triggers_replace: Record<string, string> } | null; after: { triggers_replace: Record<string, string> } | null };
      }>;
    };
    for (const rc of plan.resource_changes)
      for (const side of [rc.change.before, rc.change.after]) if (side) side.triggers_replace.membership = 'additive';
    const out = summarizePlan(plan, { maxChars: 60_000 });
    expect(out).toContain('members: 3 joining, 0 leaving');
    expect(out).toContain('No longer listed (1; they stay in the group: membership `additive`): `bob@acme.com`');
    expect(out).not.toContain('[!WARNING]');
  });

  it('removals without manifests: stated per the removal policy, warned as possible deletions', () => {
    const out = summarize('removal');
    expect(out).toContain(
      '**Totals:** 1 user changed (1 new), 0 attributes changed, 2 users leaving · groups: 0 created, 0 changed, 1 removed',
    );
    expect(out).toContain(
      "**Leaving** (1 user): handled per the construct's removal policy (default `clear`: their managed attributes are cleared): `omar@acme.com`",
    );
    expect(out).toContain(
      "**Leaving** (1 user): handled per the construct's removal policy (default `retain`: they stay in Domo; `delete` deletes them): `bob@acme.com`",
    );
    expect(out).toContain(
      '> - 1 user leaving `FranchiseUsers`: deleted from Domo if its removal policy is `delete` (default `retain`): `bob@acme.com`',
    );
    expect(out).toContain(
      '> - Group `Franchise 909` (2 members) leaves `FranchiseGroups`: deleted from Domo if its removal policy is `delete` (default `retain`)',
    );
    expect(out).toContain(
      '> - Attribute definition `legacyCode` leaves `Definitions`: deleted from Domo if its removal policy is `delete` (default `retain`)',
    );
    // li moved from shard 01 (deleted) to shard 02 (created) with the same values: not leaving, not changed.
    expect(out).not.toContain('li@acme.com');
  });

  it('removals with manifests: the policies read from construct.json decide the text and the warnings', () => {
    const out = summarize('removal', MANIFESTS);
    expect(out).toContain('**Leaving** (1 user): their managed attributes are cleared (removal policy `clear`): `omar@acme.com`');
    expect(out).toContain('**Leaving** (1 user): they are **deleted from Domo** (removal policy `delete`): `bob@acme.com`');
    expect(out).toContain('**Removed** (1 group): **deleted from Domo** (removal policy `delete`): `Franchise 909` (2 members)');
    expect(out).toContain('| `legacyCode` | removed: kept in Domo (removal policy `retain`) |  |');
    expect(out).toContain('construct `franchise-identity/FranchiseUsers` · removal policy `delete`');
    const warnings = out.split('\n').filter((l) => l.startsWith('> - '));
    expect(warnings).toEqual([
      '> - **1 user deleted from Domo** by `franchise-identity/FranchiseUsers` (removal policy `delete`): `bob@acme.com`',
      '> - Group `Franchise 909` (2 members) is **deleted from Domo** by `franchise-identity/FranchiseGroups` (removal policy `delete`)',
    ]);
    expect(out).toContain('> **2 risky changes** to review:');
  });

  it('a role upgrade to Admin and a new Privileged user are warned; null_resource `triggers` recognized by shape', () => {
    const out = summarize('role-admin');
    const warnings = out.split('\n').filter((l) => l.startsWith('> - '));
    expect(warnings).toEqual([
      '> - `jane@acme.com`: role `Participant (4)` → **`Admin (1)`** in `FranchiseUsers`',
      '> - `max@acme.com` is given role **`Privileged (2)`** in `FranchiseUsers` (new user)',
    ]);
    expect(out).toContain(
      '| `jane@acme.com` | `role`: `Participant (4)` → `Admin (1)`<br>`title`: `Clerk` → `Store Manager`<br>`custom.trainingCertified`: `false` → `true` |',
    );
    // A pipe inside a code span is escaped for the table; backticks get a longer fence; a line break is shown as ⏎.
    expect(out).toContain('| `max@acme.com` | `displayName`: ``Max \\| `Power` User``<br>`role`: `Privileged (2)`<br>`title`: `R&D⏎ops` |');
  });

  it('a role change away from Admin, or to Editor, is not a warning', () => {
    const plan = fixture('role-admin') as {
      resource_changes: Array<{ change: { before: { triggers: Record<string, string> }; after: { triggers: Record<string, string> } } }>;
    };
    const rc = plan.resource_changes[0]!;
    rc.change.before.triggers['jane@acme.com/role'] = 'Admin (1)';
    rc.change.after.triggers['jane@acme.com/role'] = 'Editor (3)';
    delete rc.change.after.triggers['max@acme.com/role'];
    expect(summarizePlan(plan, { maxChars: 60_000 })).not.toContain('[!WARNING]');
  });

  it('no changes', () => {
    expect(summarize('no-changes')).toBe('## Domo identity plan\n\nNo changes.\n');
    expect(summarizePlan({ format_version: '1.2' }, { maxChars: 60_000 })).toBe('## Domo identity plan\n\nNo changes.\n');
  });

  it('instances replaced without a data change (e.g. reconcile) are counted as re-runs', () => {
    const plan = fixture('no-changes') as { resource_changes: Array<{ change: { actions: string[] } }> };
    plan.resource_changes[0]!.change.actions = ['delete', 'create'];
    const out = summarizePlan(plan, { maxChars: 60_000 });
    expect(out).toContain('### FranchiseAttributes · user attributes\n\n1 instance re-run with no data change');
    expect(out).toContain('**Totals:** 0 users changed');
  });

  it('changed resources that are not domo-identity constructs are listed', () => {
    const plan = {
      resource_changes: [
        {
          address: 'local_file.notes',
          mode: 'managed',
          type: 'local_file',
          name: 'notes',
          change: { actions: ['create'], before: null, after: { content: 'x' } },
        },
      ],
    };
    const out = summarizePlan(plan, { maxChars: 60_000 });
    expect(out).toContain('1 other resource changed');
    expect(out).toContain('### Other resources\n\n- `local_file.notes`: create');
  });

  it('more than 50 users leaving a clear-policy construct is a warning', () => {
    const before: Record<string, string> = {};
    for (let i = 0; i < 51; i++) before[`u${i}@acme.com/franchise`] = 'FS-1';
    const plan = {
      resource_changes: [
        {
          address: 'terraform_data.A_00000000["00"]',
          type: 'terraform_data',
          name: 'A_00000000',
          index: '00',
          change: { actions: ['delete'], before: { triggers_replace: before }, after: null },
        },
      ],
    };
    expect(summarizePlan(plan, { maxChars: 60_000 })).toContain(
      '> - **Attributes of 51 users cleared** by `A`: 51 leaving (if its removal policy is `clear`, the default)',
    );
    const fifty = {
      ...plan,
      resource_changes: [
        {
          ...plan.resource_changes[0]!,
          change: {
            ...plan.resource_changes[0]!.change,
            before: { triggers_replace: Object.fromEntries(Object.entries(before).slice(1)) },
          },
        },
      ],
    };
    expect(summarizePlan(fifty, { maxChars: 60_000 })).not.toContain('[!WARNING]');
  });

  it('analyzePlan: the kind comes from the handler arguments, then the manifest, then the trigger keys', () => {
    expect(analyzePlan(fixture('attribute-change')).sections.map((s) => s.section.kind)).toEqual(['user-attributes']);
    expect(analyzePlan(fixture('role-admin')).sections.map((s) => s.section.kind)).toEqual(['users']);
    expect(analyzePlan(fixture('removal')).sections.map((s) => s.section.kind)).toEqual([
      'custom-attributes',
      'users',
      'user-attributes',
      'directory-groups',
    ]);
  });

  it('refuses input that is not a plan, and a budget too small to hold the totals', () => {
    expect(() => summarizePlan({ resource_changes: 'nope' }, { maxChars: 60_000 })).toThrow(PlanFormatError);
    expect(() => summarizePlan(fixture('attribute-change'), { maxChars: 999 })).toThrow(
      'maxChars must be a whole number of at least 1000; got 999',
    );
  });
});
