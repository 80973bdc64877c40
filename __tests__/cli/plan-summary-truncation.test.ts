import { summarizePlan } from '../../src/cli/plan-summary/summarize';

const SHARDS = 64;
const handler = (kind: string, dir: string) => ({
  provisioners: [
    {
      expressions: {
        interpreter: { constant_value: ['node', 'domo-identity/handler.js', kind, 'create', `domo-identity/stack.${dir}`, '${each.key}'] },
      },
    },
  ],
});

/** The first deploy of a 10,000-user roster: every shard created, plus groups and Admin users. */
function initialCreatePlan(users = 10_000) {
  const shards: Array<Record<string, string>> = Array.from({ length: SHARDS }, () => ({}));
  const groups = new Map<string, string[]>();
  for (let i = 0; i < users; i++) {
    const userName = `user${String(i).padStart(5, '0')}@franchise-${i % 40}.example.com`;
    const franchise = `FS-${100 + (i % 40)}`;
    // Values that need escaping, so truncation is tested on rows with `|` and backticks in them.
    shards[i % SHARDS]![`${userName}/franchise`] = i % 7 === 0 ? JSON.stringify([franchise, 'FS-|`x`']) : franchise;
    shards[i % SHARDS]![`${userName}/region`] = i % 3 === 0 ? '' : `Region ${i % 5}`;
    groups.set(franchise, [...(groups.get(franchise) ?? []), userName]);
  }
  const resourceChanges: unknown[] = shards.map((triggers, s) => ({
    address: `terraform_data.FranchiseAttributes_624F6D4C["${s}"]`,
    mode: 'managed',
    type: 'terraform_data',
    name: 'FranchiseAttributes_624F6D4C',
    index: String(s),
    change: { actions: ['create'], before: null, after: { triggers_replace: triggers } },
  }));
  for (const [name, members] of groups) {
    const triggers: Record<string, string> = { displayName: name, membership: 'authoritative' };
    for (const m of members) triggers[`member/${m}`] = 'member';
    resourceChanges.push({
      address: `terraform_data.FranchiseGroups_1A2B3C4D["${name}"]`,
      mode: 'managed',
      type: 'terraform_data',
      name: 'FranchiseGroups_1A2B3C4D',
      index: name,
      change: { actions: ['create'], before: null, after: { triggers_replace: triggers } },
    });
  }
  // Three admins among changed users, so warnings must survive the cut.
  const admins: Record<string, string> = {};
  const before: Record<string, string> = {};
  for (const n of [1, 2, 3]) {
    before[`admin${n}@acme.com/role`] = 'Participant (4)';
    admins[`admin${n}@acme.com/role`] = 'Admin (1)';
  }
  resourceChanges.push({
    address: 'terraform_data.FranchiseUsers_9F8E7D6C["00"]',
    mode: 'managed',
    type: 'terraform_data',
    name: 'FranchiseUsers_9F8E7D6C',
    index: '00',
    change: { actions: ['delete', 'create'], before: { triggers_replace: before }, after: { triggers_replace: admins } },
  });
  return {
    resource_changes: resourceChanges,
    configuration: {
      root_module: {
        resources: [
          { address: 'terraform_data.FranchiseAttributes_624F6D4C', ...handler('user-attributes', 'FranchiseAttributes') },
          { address: 'terraform_data.FranchiseGroups_1A2B3C4D', ...handler('directory-groups', 'FranchiseGroups') },
          { address: 'terraform_data.FranchiseUsers_9F8E7D6C', ...handler('users', 'FranchiseUsers') },
        ],
      },
    },
  };
}

/** Cells of a table row: split at pipes GFM does not treat as escaped. */
const cells = (row: string) => row.split(/(?<!\\)\|/);

/** Every table is whole: header, delimiter, rows with the header's cell count, then a blank line or the end. */
function expectWholeTables(out: string) {
  const lines = out.split('\n');
  for (let i = 0; i < lines.length; i++) {
    if (!lines[i]!.startsWith('|')) continue;
    const header = cells(lines[i]!).length;
    expect(lines[i + 1]).toMatch(/^\| ---( \| ---)* \|$/);
    let j = i + 2;
    for (; j < lines.length && lines[j]!.startsWith('|'); j++) {
      expect(lines[j]).toMatch(/^\| .* \|$/);
      expect(cells(lines[j]!).length).toBe(header);
    }
    expect(lines[j] ?? '').toBe('');
    i = j;
  }
}

const plan = initialCreatePlan();

describe('summarizePlan on a 10,000-user initial create', () => {
  it('fits in the default 60,000 characters, cuts between rows and says how many users are not shown', () => {
    const out = summarizePlan(plan, { maxChars: 60_000 });
    expect(out.length).toBeLessThanOrEqual(60_000);
    expect(out.length).toBeGreaterThan(55_000);
    expectWholeTables(out);
    const rows = out.split('\n').filter((l) => /^\| `user\d{5}@/.test(l));
    expect(rows.length).toBeGreaterThan(100);
    expect(out).toContain(`${rows[rows.length - 1]}\n\n… and ${(10_000 - rows.length).toLocaleString('en-US')} more users (not shown)\n`);
    // Totals and warnings in full, above the cut.
    expect(out).toContain('**Totals:** 10,003 users changed (10,000 new), ');
    expect(out).toContain('groups: 40 created, 0 changed, 0 removed · members: 10,000 joining, 0 leaving');
    expect(
      out
        .split('\n')
        .filter((l) => l.startsWith('> - '))
        .map((l) => l.slice(0, 43)),
    ).toEqual([
      '> - `admin1@acme.com`: role `Participant (4',
      '> - `admin2@acme.com`: role `Participant (4',
      '> - `admin3@acme.com`: role `Participant (4',
    ]);
    // No room left for groups: the section keeps its heading and counts, and says what is not shown.
    expect(out).toMatch(/\n### FranchiseGroups · directory groups\n\n40 created\n\n… and 40 more groups \(not shown\)\n$/);
  });

  it('never exceeds any budget, and every table stays whole', () => {
    for (const maxChars of [1000, 1500, 2_345, 5_000, 12_345, 30_000, 65_536]) {
      const out = summarizePlan(plan, { maxChars });
      expect(out.length).toBeLessThanOrEqual(maxChars);
      expectWholeTables(out);
      expect(out).toContain('**Totals:** 10,003 users changed');
      expect(out).toMatch(/\(not shown\)\n$/);
    }
  });

  it('with room for everything, nothing is cut', () => {
    const out = summarizePlan(initialCreatePlan(30), { maxChars: 60_000 });
    expect(out).not.toContain('not shown');
    expect(out.split('\n').filter((l) => /^\| `user\d{5}@/.test(l))).toHaveLength(30);
    expect(out).toContain('**`FS-100`** — created, 1 member\n\nJoining (1): `user00000@franchise-0.example.com`');
  });

  it('cuts an inline member list between names, and counts the members and groups left out', () => {
    // Only groups: 40 groups of 250 members.
    const groupsOnly = {
      ...plan,
      resource_changes: plan.resource_changes.filter((rc) => (rc as { name: string }).name.startsWith('FranchiseGroups')),
    };
    const out = summarizePlan(groupsOnly, { maxChars: 20_000 });
    expect(out.length).toBeLessThanOrEqual(20_000);
    const last = out.trimEnd().split('\n');
    expect(last[last.length - 1]).toMatch(/^… and [\d,]+ more members joining, [\d,]+ more groups \(not shown\)$/);
    // Every listed name is whole.
    for (const line of out.split('\n').filter((l) => l.startsWith('Joining ('))) {
      expect(line).toMatch(/^Joining \([\d,]+\): `[^`]+`(, `[^`]+`)*$/);
    }
  });
});
