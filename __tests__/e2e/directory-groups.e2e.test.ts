import * as path from 'node:path';
import { DEFAULT_MAX_PAGE_SIZE, Seed } from 'domo-scim-emulator';
import { TestProject, changedTriggers, planTriggerLines } from '../support/project';
import { ROOT, isWrite } from '../support/roster';
import type { DesiredGroup } from '../../src';

const APP = path.join(ROOT, 'dist', '__tests__', 'fixtures', 'groups-app.js');
const email = (n: number) => `u${n}@acme.example`;

interface Spec {
  groups: DesiredGroup[];
  membership?: 'authoritative' | 'additive';
  removalPolicy?: 'retain' | 'delete';
  knownUsers?: string[];
}

function seed(users: number): Seed {
  return Seed.parse({ users: Array.from({ length: users }, (_, i) => ({ id: String(1001 + i), userName: email(i + 1) })) });
}

/** DomoDirectoryGroups through the real cdktf CLI and Terraform against the local SCIM service. */
describe('DomoDirectoryGroups end to end', () => {
  let project: TestProject;
  const spec: Spec = {
    groups: [
      { displayName: 'Franchise North', domoDisplayName: 'North', description: 'North stores', members: [email(1), email(2), email(3)] },
      { displayName: 'Franchise South', domoDisplayName: 'South', description: 'South stores', members: [email(4), email(5)] },
      { displayName: 'Managers', members: [email(1), email(4)] },
    ],
  };
  const outputs: string[] = [];

  const group = (displayName: string) => {
    const found = project.emulator.snapshot().groups.filter((g) => g.displayName.toLowerCase() === displayName.toLowerCase());
    expect(found.length).toBeLessThanOrEqual(1);
    return found[0];
  };
  const memberNames = (displayName: string) => {
    const users = new Map(project.emulator.snapshot().users.map((u) => [u.id, u.userName]));
    return group(displayName)!
      .members.map((id) => users.get(id))
      .sort();
  };
  const handEdit = async (displayName: string, members: string[]) => {
    const g = group(displayName)!;
    const res = await fetch(`${project.emulator.url}/_emulator/groups/${encodeURIComponent(displayName)}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${project.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...g, members }),
    });
    expect(res.ok).toBe(true);
  };

  async function deploy(expectOk = true) {
    project.writeFile('groups.json', JSON.stringify(spec));
    const result = await project.deploy();
    outputs.push(result.output);
    if (expectOk && result.code !== 0) throw new Error(`deploy failed:\n${result.output}`);
    return result;
  }
  async function plan() {
    project.writeFile('groups.json', JSON.stringify(spec));
    const result = await project.plan();
    outputs.push(result.output);
    expect(result.code).toBe(0);
    return result;
  }
  async function expectNoChanges() {
    const result = await plan();
    expect(result.changes).toEqual([]);
    expect(result.output).toContain('No changes.');
  }

  beforeAll(async () => {
    project = await TestProject.create({ seed: seed(10), app: APP, stack: 'groups' });
    project.extraEnv = { GROUPS_SPEC: path.join(project.dir, 'groups.json') };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('creates each group once with exactly the desired members; a second plan is empty', async () => {
    await deploy();
    expect(memberNames('Franchise North')).toEqual([email(1), email(2), email(3)]);
    expect(memberNames('Franchise South')).toEqual([email(4), email(5)]);
    expect(memberNames('Managers')).toEqual([email(1), email(4)]);
    expect(group('Franchise North')).toMatchObject({ domoDisplayName: 'North', description: 'North stores' });
    const users = project.emulator.snapshot().users;
    expect(users.length).toBe(10);
    await expectNoChanges();
  });

  // From here on removal policy `delete`: a changed group is replaced in Terraform, and its old
  // instance's destroy handler must keep it (it is still desired) so it keeps its Domo id.
  it('one member in, one out under removal policy delete: two member lines, seven requests, same group id', async () => {
    const north = group('Franchise North')!;
    spec.removalPolicy = 'delete';
    spec.groups[0]!.members = [email(1), email(3), email(6)];
    const result = await plan();
    expect(result.changes).toHaveLength(1);
    expect(changedTriggers(result.changes[0]!)).toEqual([
      { key: `member/${email(2)}`, before: 'member', after: undefined },
      { key: `member/${email(6)}`, before: undefined, after: 'member' },
    ]);
    // What the reviewer reads: the leaver and the joiner; 4 fields and members u1, u3 are hidden.
    expect(planTriggerLines(result.output)).toEqual([
      [`- "member/${email(2)}" = "member"`, `+ "member/${email(6)}" = "member"`, '# (6 unchanged attributes hidden)'],
    ]);
    expect(result.output).not.toContain(`member/${email(1)}`);
    expect(result.output).not.toContain(`member/${email(3)}`);

    project.emulator.resetRequests();
    const deployed = await deploy();
    expect(deployed.output).toContain('groups/Groups group "Franchise North" (removal policy delete): 1 checked, 1 kept');
    // Create step: a lookup per member (3 are few enough for lookups), find by name, read the
    // members, one PATCH, read back. The destroy step sends nothing: the group is still desired.
    const requests = project.emulator.requests;
    expect(requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /Users',
      'GET /Users',
      'GET /Users',
      'GET /Groups',
      `GET /Groups/${north.id}`,
      `PATCH /Groups/${north.id}`,
      `GET /Groups/${north.id}`,
    ]);
    expect(requests[3]!.query.filter).toBe('displayName eq "Franchise North"');
    expect(
      requests
        .slice(0, 3)
        .map((r) => r.query.filter)
        .sort(),
    ).toEqual([1, 3, 6].map((n) => `userName eq "${email(n)}"`));
    const ops = (requests[5]!.body as { Operations: Array<{ op: string; path: string; value: Array<{ value: string }> }> }).Operations;
    expect(ops.map((o) => `${o.op} ${o.path} ${o.value.map((v) => v.value).join(',')}`)).toEqual([
      'Remove members 1002',
      'Add members 1006',
    ]);
    expect(group('Franchise North')!.id).toBe(north.id);
    expect(memberNames('Franchise North')).toEqual([email(1), email(3), email(6)]);
    await expectNoChanges();
  });

  it('a changed domoDisplayName and description show old -> new, and the group keeps its id under removal policy delete', async () => {
    const south = group('Franchise South')!;
    spec.groups[1] = { ...spec.groups[1]!, domoDisplayName: 'South & Gulf', description: 'South and Gulf stores' };
    const result = await plan();
    expect(changedTriggers(result.changes[0]!)).toEqual([
      { key: 'description', before: 'South stores', after: 'South and Gulf stores' },
      { key: 'domoDisplayName', before: 'South', after: 'South & Gulf' },
    ]);
    expect(planTriggerLines(result.output)).toEqual([
      [
        '~ description = "South stores" -> "South and Gulf stores"',
        '~ domoDisplayName = "South" -> "South & Gulf"',
        '# (4 unchanged attributes hidden)',
      ],
    ]);
    expect(result.output).not.toContain('member/');
    const deployed = await deploy();
    expect(deployed.output).toContain('groups/Groups group "Franchise South" (removal policy delete): 1 checked, 1 kept');
    expect(group('Franchise South')).toMatchObject({ id: south.id, domoDisplayName: 'South & Gulf', description: 'South and Gulf stores' });
    expect(memberNames('Franchise South')).toEqual([email(4), email(5)]);
    await expectNoChanges();
  });

  it('authoritative: a member added by hand is removed by the next domo-identity deploy (a plain plan has nothing to do)', async () => {
    const managers = group('Managers')!;
    await handEdit('Managers', [...managers.members, '1007']);
    expect(memberNames('Managers')).toEqual([email(1), email(4), email(7)]);
    await expectNoChanges();
    project.emulator.resetRequests();
    const repair = await project.cli(['deploy']);
    outputs.push(repair.output);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toMatch(/Repairing 1 instance\(s\) by replacing them:\n {2}terraform_data\.Groups_\w+\["Managers"\]\n/);
    expect(project.emulator.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /Groups/${managers.id}`]);
    expect(memberNames('Managers')).toEqual([email(1), email(4)]);
    expect(group('Managers')!.id).toBe(managers.id);
    await expectNoChanges();
    // reconcile re-verifies every group, and finds nothing left to do.
    const reconcile = await project.reconcile();
    outputs.push(reconcile.output);
    expect(reconcile.code).toBe(0);
    expect(memberNames('Managers')).toEqual([email(1), email(4)]);
  });

  it('additive: a member added by hand is kept', async () => {
    const ids = spec.groups.map((g) => group(g.displayName)!.id);
    spec.membership = 'additive';
    await deploy();
    const managers = group('Managers')!;
    await handEdit('Managers', [...managers.members, '1008']);
    const next = await project.cli(['deploy']);
    outputs.push(next.output);
    expect(next.code).toBe(0);
    expect(next.stderr).toContain('✓ drift check: in sync');
    expect(memberNames('Managers')).toEqual([email(1), email(4), email(8)]);
    const reconcile = await project.reconcile();
    outputs.push(reconcile.output);
    expect(reconcile.code).toBe(0);
    expect(memberNames('Managers')).toEqual([email(1), email(4), email(8)]);
    // Switching back changes every group's `membership` trigger, so that deploy reconciles them.
    spec.membership = 'authoritative';
    const switched = await plan();
    expect(switched.changes.map((c) => changedTriggers(c))).toEqual(
      spec.groups.map(() => [{ key: 'membership', before: 'additive', after: 'authoritative' }]),
    );
    await deploy();
    expect(memberNames('Managers')).toEqual([email(1), email(4)]);
    // Two deploys replaced every group under removal policy delete: none was deleted and re-created.
    expect(spec.groups.map((g) => group(g.displayName)!.id)).toEqual(ids);
  });

  it('a group leaving the data: retain leaves it untouched, delete deletes it, others are untouched', async () => {
    const managers = group('Managers')!;
    spec.removalPolicy = 'retain';
    spec.groups = spec.groups.filter((g) => g.displayName !== 'Managers');
    project.emulator.resetRequests();
    await deploy();
    expect(group('Managers')).toEqual(managers);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);

    const north = group('Franchise North')!;
    spec.removalPolicy = 'delete';
    spec.groups = spec.groups.filter((g) => g.displayName !== 'Franchise South');
    await deploy();
    expect(group('Franchise South')).toBeUndefined();
    expect(group('Franchise North')).toEqual(north);
    expect(group('Managers')).toEqual(managers);
    await expectNoChanges();
  });

  it('members missing in Domo fail the deploy by name after the rest is applied; it converges once they exist', async () => {
    spec.groups[0]!.members = [...spec.groups[0]!.members, email(5), 'ghost@acme.example'];
    const failed = await deploy(false);
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain('Franchise North member ghost@acme.example: not found in Domo');
    expect(memberNames('Franchise North')).toEqual([email(1), email(3), email(5), email(6)]);
    await fetch(`${project.emulator.url}/_emulator/users/ghost@acme.example`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${project.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ userName: 'ghost@acme.example' }),
    });
    await deploy();
    expect(memberNames('Franchise North')).toEqual([email(1), email(3), email(5), email(6), 'ghost@acme.example'].sort());
    await expectNoChanges();
  });

  it('template-looking group text reaches Domo literally, and the token never appears anywhere', async () => {
    spec.groups.push({ displayName: 'Odd ${name}', description: '%{ if x }y%{ endif }', members: [email(9)] });
    await deploy();
    expect(group('Odd ${name}')).toMatchObject({ description: '%{ if x }y%{ endif }' });
    await expectNoChanges();
    for (const output of outputs) expect(output).not.toContain(project.token);
    expect(project.allFilesText()).not.toContain(project.token);
  });
});

describe('group input errors stop the deploy before any SCIM call', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await TestProject.create({ seed: seed(3), app: APP, stack: 'groups' });
    project.extraEnv = { GROUPS_SPEC: path.join(project.dir, 'groups.json') };
  });
  afterAll(async () => {
    await project?.close();
  });

  it.each([
    [
      'duplicate names',
      {
        groups: [
          { displayName: 'Sales', members: [] },
          { displayName: 'SALES', members: [] },
        ],
      },
      'groups "Sales" and "SALES" are the same directory group',
    ],
    ['empty name', { groups: [{ displayName: ' ', members: [] }] }, 'group #1 has an empty displayName'],
    [
      'member not in the user list',
      { groups: [{ displayName: 'Sales', members: [email(1), 'zed@acme.example'] }], knownUsers: [email(1)] },
      'group "Sales" has member "zed@acme.example", who is not in the user list',
    ],
    [
      'member that is not a userName',
      { groups: [{ displayName: 'Sales', members: ['not an email'] }] },
      'group "Sales": member "not an email" is not a valid userName: it contains whitespace',
    ],
  ])('%s', async (_, spec, message) => {
    project.writeFile('groups.json', JSON.stringify(spec));
    project.emulator.resetRequests();
    const result = await project.deploy();
    expect(result.code).not.toBe(0);
    expect(result.output).toContain(message);
    expect(project.emulator.requests).toEqual([]);
  });
});

describe('a directory group of 20,000 members', () => {
  it('deploys, re-plans without changes, and a one-member change costs one listing of the users plus four requests', async () => {
    const project = await TestProject.create({ seed: seed(20_001), app: APP, stack: 'groups' });
    try {
      project.extraEnv = { GROUPS_SPEC: path.join(project.dir, 'groups.json') };
      const members = Array.from({ length: 20_000 }, (_, i) => email(i + 1));
      project.writeFile('groups.json', JSON.stringify({ groups: [{ displayName: 'Everyone', members }] }));
      const first = await project.deploy();
      if (first.code !== 0) throw new Error(first.output.slice(-3000));
      const everyone = project.emulator.store.findGroupByDisplayName('Everyone')!;
      expect(everyone.members).toHaveLength(20_000);

      const noop = await project.plan();
      expect(noop.code).toBe(0);
      expect(noop.changes).toEqual([]);

      project.writeFile(
        'groups.json',
        JSON.stringify({ groups: [{ displayName: 'Everyone', members: [...members.slice(1), email(20_001)] }] }),
      );
      project.emulator.resetRequests();
      const change = await project.deploy();
      if (change.code !== 0) throw new Error(change.output.slice(-3000));
      // 20,000 members resolve through the deploy's user directory: one listing of all 20,001
      // users, page by page; besides it: find by name, read the members, one PATCH, read back. The
      // listing grows with the instance's users; nothing grows with the group or the change but the PATCH body.
      const requests = project.emulator.requests;
      const listing = requests.filter((r) => r.method === 'GET' && r.path === '/Users');
      const pages = Math.ceil(20_001 / DEFAULT_MAX_PAGE_SIZE);
      expect(listing.map((r) => [r.query.startIndex, r.query.attributes, r.query.filter])).toEqual(
        Array.from({ length: pages }, (_, i) => [String(1 + i * DEFAULT_MAX_PAGE_SIZE), '_all', undefined]),
      );
      expect(requests.filter((r) => !listing.includes(r)).map((r) => `${r.method} ${r.path}`)).toEqual([
        'GET /Groups',
        `GET /Groups/${everyone.id}`,
        `PATCH /Groups/${everyone.id}`,
        `GET /Groups/${everyone.id}`,
      ]);
      expect(requests).toHaveLength(pages + 4);
      const ops = (requests.find(isWrite)!.body as { Operations: Array<{ op: string; value: Array<{ value: string }> }> }).Operations;
      expect(ops.map((o) => `${o.op} ${o.value.map((v) => v.value).join(',')}`)).toEqual(['Remove 1001', 'Add 21001']);
      const after = project.emulator.store.findGroupByDisplayName('Everyone')!;
      expect(after.members).toHaveLength(20_000);
      expect(after.members).toContain('21001');
      expect(after.members).not.toContain('1001');
    } finally {
      await project.close();
    }
  });
});
