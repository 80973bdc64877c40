import { summarizePlan } from '../../src/cli/plan-summary/summarize';
import type { ConstructManifests } from '../../src/plan/section';
import { analyzeAccess } from '../support/access-report';
import { normalizePolicy, policyTriggers, type DesiredPdpPolicy } from '../../src/kinds/pdp-policies/model';
import { franchiseMoveAccess } from '../support/access';
import { roleTriggers } from '../../src/kinds/roles/model';

type Map_ = Record<string, string> | null;
const SALES = '7c3e5a10-sales';
const GROUPS = 'domo-identity/franchise-identity.FranchiseGroups';
const POLICIES = 'domo-identity/franchise-identity.SalesPolicies';

/** One instance change of a construct's block, as `terraform show -json` renders it. */
function instance(block: string, key: string, before: Map_, after: Map_) {
  const actions =
    before === null
      ? ['create']
      : after === null
        ? ['delete']
        : JSON.stringify(before) === JSON.stringify(after)
          ? ['no-op']
          : ['delete', 'create'];
  return {
    address: `terraform_data.${block}["${key}"]`,
    mode: 'managed',
    type: 'terraform_data',
    name: block,
    index: key,
    change: { actions, before: before && { triggers_replace: before }, after: after && { triggers_replace: after } },
  };
}

function config(block: string, kind: string, manifestDir: string) {
  return {
    address: `terraform_data.${block}`,
    provisioners: [
      {
        expressions: { interpreter: { constant_value: ['node', 'domo-identity/handler.js', kind, 'create', manifestDir, '${each.key}'] } },
      },
    ],
  };
}

const group = (name: string, members: string[]) => ({
  displayName: name,
  membership: 'authoritative',
  ...Object.fromEntries(members.map((m) => [`member/${m}`, 'member'])),
});
const franchise = (name: string, extra: Partial<DesiredPdpPolicy> = {}): DesiredPdpPolicy =>
  normalizePolicy({
    name,
    allRows: false,
    filters: [{ column: 'Franchise', values: [name], operator: 'EQUALS', not: false }],
    users: [],
    groups: [`Franchise - ${name}`],
    ...extra,
  });

function plan(groups: ReturnType<typeof instance>[], policies: ReturnType<typeof instance>[]) {
  return {
    resource_changes: [...groups, ...policies],
    configuration: {
      root_module: {
        resources: [
          config('FranchiseGroups_1A2B3C4D', 'directory-groups', GROUPS),
          config('SalesPolicies_5E6F7A8B', 'pdp-policies', POLICIES),
        ],
      },
    },
  };
}
const groupChange = (name: string, before: string[] | null, after: string[] | null) =>
  instance('FranchiseGroups_1A2B3C4D', name, before && group(name, before), after && group(name, after));
const policyChange = (before: DesiredPdpPolicy[] | null, after: DesiredPdpPolicy[] | null) =>
  instance('SalesPolicies_5E6F7A8B', SALES, before && policyTriggers(before), after && policyTriggers(after));

const MANIFESTS = (removalPolicy = 'retain'): ConstructManifests => ({
  [GROUPS]: {
    kind: 'directory-groups',
    constructPath: 'franchise-identity/FranchiseGroups',
    removalPolicy: 'retain',
    membership: 'authoritative',
  },
  [POLICIES]: { kind: 'pdp-policies', constructPath: 'franchise-identity/SalesPolicies', removalPolicy },
});
const NORTH = franchise('Sunbelt Tacos North');
const GULF = franchise('Gulf Coast Grill');
const JAMES = 'james.chen@sunbeltfoods.example';
const summarize = (p: unknown, removalPolicy?: string) => summarizePlan(p, { maxChars: 60_000, manifests: MANIFESTS(removalPolicy) });

describe('plan-summary: access changes', () => {
  it('a franchise move through group memberships: lose Sunbelt Tacos North, gain Gulf Coast Grill (the policies themselves unchanged)', () => {
    const out = summarize(
      plan(
        [
          groupChange('Franchise - Sunbelt Tacos North', [JAMES, 'maria@x.example'], ['maria@x.example']),
          groupChange('Franchise - Gulf Coast Grill', ['priya@x.example'], ['priya@x.example', JAMES]),
        ],
        [policyChange([NORTH, GULF], [NORTH, GULF])],
      ),
    );
    expect(out.slice(out.indexOf('### Access changes'))).toBe(franchiseMoveAccess(JAMES, SALES, 'Sunbelt Tacos North', 'Gulf Coast Grill'));
    expect(out).not.toContain('PDP policies:'); // no policy changed: not in the totals
  });

  it('a filter value added: every member of the policy loses the old rows and gains the new ones; the policy section shows old → new', () => {
    const wider = franchise('Sunbelt Tacos North', {
      filters: [{ column: 'Franchise', values: ['Sunbelt Tacos North', 'Gulf Coast Grill'], operator: 'EQUALS', not: false }],
    });
    const out = summarize(
      plan([groupChange('Franchise - Sunbelt Tacos North', ['a@x.example'], ['a@x.example'])], [policyChange([NORTH], [wider])]),
    );
    expect(out).toContain('PDP policies: 0 created, 1 changed, 0 removed');
    expect(out).toContain(
      `**\`Sunbelt Tacos North\`** on dataset \`${SALES}\` — changed\n\n- rows: \`Franchise\` = \`Sunbelt Tacos North\` → \`Franchise\` in (\`Gulf Coast Grill\`, \`Sunbelt Tacos North\`)`,
    );
    expect(out).toContain(
      `| \`a@x.example\` | \`${SALES}\` › \`Sunbelt Tacos North\`: \`Franchise\` in (\`Gulf Coast Grill\`, \`Sunbelt Tacos North\`) (via group \`Franchise - Sunbelt Tacos North\`) | \`${SALES}\` › \`Sunbelt Tacos North\`: \`Franchise\` = \`Sunbelt Tacos North\` (via group \`Franchise - Sunbelt Tacos North\`) |`,
    );
  });

  it('warns when a user loses all access to a dataset, or gains every row of one', () => {
    const hq = normalizePolicy({ name: 'HQ', allRows: true, filters: [], users: ['boss@x.example'], groups: [] });
    const out = summarize(plan([groupChange('Franchise - Sunbelt Tacos North', [JAMES], [])], [policyChange([NORTH], [NORTH, hq])]));
    expect(out).toContain(
      `> - \`${JAMES}\` **loses all access** to dataset \`${SALES}\`: no policy of this stack shows them its rows any more`,
    );
    expect(out).toContain(`> - \`boss@x.example\` **gains access to every row** of dataset \`${SALES}\` (policy \`HQ\`)`);
    expect(out).toContain(`| \`boss@x.example\` | \`${SALES}\` › \`HQ\`: all rows (directly) | — |`);
  });

  it('a group no construct manages stands for its members; a policy leaving the code keeps its access unless it is deleted', () => {
    const partners = franchise('Partners', { groups: ['Partner Staff'] });
    const added = analyzeAccess(plan([], [policyChange([NORTH], [NORTH, partners])]), MANIFESTS());
    expect(added.changes.map((c) => [c.kind, c.subject, c.gains.map((g) => g.policy)])).toEqual([['group', 'Partner Staff', ['Partners']]]);
    expect(summarize(plan([], [policyChange([NORTH], [NORTH, partners])]))).toContain(
      '| members of group `Partner Staff` | `7c3e5a10-sales` › `Partners`: `Franchise` = `Partners` | — |',
    );

    const members = [groupChange('Franchise - Sunbelt Tacos North', [JAMES], [JAMES])];
    expect(analyzeAccess(plan(members, [policyChange([NORTH], [])]), MANIFESTS('retain')).changes).toEqual([]);
    const deleted = summarize(plan(members, [policyChange([NORTH], [])]), 'delete');
    expect(deleted).toContain(
      '**Removed** (1 policy): **deleted from Domo** (removal policy `delete`): `Sunbelt Tacos North` on `7c3e5a10-sales`',
    );
    expect(deleted).toContain(
      '> - PDP policy `Sunbelt Tacos North` of dataset `7c3e5a10-sales` is **deleted from Domo** by `franchise-identity/SalesPolicies` (removal policy `delete`)',
    );
    expect(deleted).toContain(`\`${JAMES}\` **loses all access** to dataset \`${SALES}\``);
  });

  it('the first plan: everyone gains their franchise, members listed as joining the new policies', () => {
    const out = summarize(
      plan(
        [groupChange('Franchise - Sunbelt Tacos North', null, [JAMES])],
        [policyChange(null, [franchise('Sunbelt Tacos North', { users: ['boss@x.example'] })])],
      ),
    );
    expect(out).toContain('PDP policies: 1 created, 0 changed, 0 removed');
    expect(out).toContain(
      `**\`Sunbelt Tacos North\`** on dataset \`${SALES}\` — created\n\n- rows: \`Franchise\` = \`Sunbelt Tacos North\`\n\nJoining (2): group \`Franchise - Sunbelt Tacos North\`, user \`boss@x.example\``,
    );
    expect(out).toContain('2 users gain or lose rows of datasets with PDP policies · 2 gaining · 0 losing');
  });
});

describe('plan-summary: access changes of roles and grants', () => {
  const ROLES = 'domo-identity/roles.Roles';
  const USERS = 'domo-identity/roles.Users';
  const AISHA = 'aisha.khan@sunbeltfoods.example';
  const role = (name: string, grants: string[]) => roleTriggers({ name, grants, fromRoleId: 4 });
  const roleChange = (name: string, before: string[], after: string[]) =>
    instance('Roles_1A2B3C4D', name, role(name, before), role(name, after));
  const userRoles = (roles: Record<string, string>) =>
    Object.fromEntries(Object.entries(roles).map(([userName, r]) => [`${userName}/role`, `${r} (custom role)`]));
  const rolesPlan = (roles: ReturnType<typeof instance>[], users: ReturnType<typeof instance>[]) => ({
    resource_changes: [...roles, ...users],
    configuration: {
      root_module: { resources: [config('Roles_1A2B3C4D', 'roles', ROLES), config('Users_5E6F7A8B', 'users', USERS)] },
    },
  });
  const manifests: ConstructManifests = {
    [ROLES]: { kind: 'roles', constructPath: 'roles/Roles', removalPolicy: 'retain' },
    [USERS]: { kind: 'users', constructPath: 'roles/Users', removalPolicy: 'retain' },
  };
  // James keeps Franchise Manager; Aisha moves from Shift Lead to it.
  const users = instance(
    'Users_5E6F7A8B',
    '0',
    userRoles({ [JAMES]: 'Franchise Manager', [AISHA]: 'Shift Lead' }),
    userRoles({ [JAMES]: 'Franchise Manager', [AISHA]: 'Franchise Manager' }),
  );
  const changes = rolesPlan(
    [
      roleChange('Franchise Manager', ['content.export', 'user.invite'], ['content.export', 'dataset.export']),
      roleChange('Shift Lead', ['alert.edit'], ['alert.edit']),
    ],
    [users],
  );
  const access = (out: string) => out.slice(out.indexOf('### Access changes: roles and grants'));

  it("names each grant a role gains or loses by Domo's title too, from the titles the plan's checks listed", () => {
    const grantTitles = new Map([
      ['dataset.export', 'Export Data'],
      ['user.invite', 'Invite People'],
      ['alert.edit', 'Create Alerts'],
    ]);
    const out = summarizePlan(changes, { maxChars: 60_000, manifests, grantTitles });
    expect(access(out)).toContain(`| \`Franchise Manager\` | \`dataset.export\` (\`Export Data\`) | gained | 1 user: \`${JAMES}\` |`);
    expect(access(out)).toContain(`| \`Franchise Manager\` | \`user.invite\` (\`Invite People\`) | lost | 1 user: \`${JAMES}\` |`);
    expect(out).toContain('Role `Franchise Manager` **gains grant `dataset.export` (`Export Data`)**: 1 user of this stack hold it');
    // A user's move lists the grants by id: a role can hold dozens.
    expect(access(out)).toContain(
      `| \`${AISHA}\` | \`Shift Lead (custom role)\` → \`Franchise Manager (custom role)\` | \`content.export\`, \`dataset.export\` | \`alert.edit\` |`,
    );
  });

  it('names grants by id alone where the plan read no titles (plan-summary of a cdktf plan), or Domo has none for a grant', () => {
    const out = summarizePlan(changes, { maxChars: 60_000, manifests });
    expect(access(out)).toContain(`| \`Franchise Manager\` | \`dataset.export\` | gained | 1 user: \`${JAMES}\` |`);
    const partial = summarizePlan(changes, { maxChars: 60_000, manifests, grantTitles: new Map([['user.invite', 'Invite People']]) });
    expect(access(partial)).toContain(`| \`Franchise Manager\` | \`dataset.export\` | gained |`);
    expect(access(partial)).toContain(`| \`Franchise Manager\` | \`user.invite\` (\`Invite People\`) | lost |`);
  });
});
