import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerDrift, runDriftCommand } from '../../src/cli/commands/drift';
import { loadDesiredState } from '../../src/cli/drift/desired-state';
import { DriftCheckError, DriftFoundError } from '../../src/cli/drift/errors';
import { exitCodeOfCliError } from '../../src/cli/exit-codes';
import { computeDrift, type DesiredState, type LegacyReport as DriftReport } from '../support/drift-compat';
import type { PeopleSet } from '../../src/people/drift-types';
import type { DesiredGroupSet } from '../../src/kinds/directory-groups/drift';
import { Seed, startEmulator, type RunningEmulator, type SeedInput } from 'domo-scim-emulator';
import { ConfigError } from '../../src/errors';
import type { DesiredGroup, MembershipMode } from '../../src/kinds/directory-groups/model';
import { MANIFEST_DIR } from '../../src/model/layout';
import type { NormalizedUser } from '../../src/kinds/users/model';
import type { ScimUser } from '../../src/domo/scim/schemas';
import { CUSTOM_USER, DOMO_GROUP, DOMO_USER, ENTERPRISE_USER } from '../../src/domo/scim/urns';
import { runInProcess, type InProcessResult } from '../support/in-process-cli';
import { writeFixtureStack } from '../support/synth-fixture';

const TOKEN = 'drift-secret-5be1c0de';
const KEYS = ['franchise', 'region', 'trainingCompleted'];

const SEED: SeedInput = {
  attributes: KEYS.map((key) => ({ key, valueSources: ['managed'] })),
  idpOnlyWrites: 'ignore',
  users: [
    {
      id: '1001',
      userName: 'ana@acme.example',
      displayName: 'Ana',
      roleId: 2,
      title: 'Director',
      hireDate: '2015-06-01',
      customAttributes: { franchise: ['Grill, Express'], region: ['West'], trainingCompleted: ['FS-101', 'MGR-300'] },
      ownsDatasets: false,
    },
    {
      id: '1002',
      userName: 'bo@acme.example',
      displayName: 'Bo',
      roleId: 4,
      title: 'Manager',
      managerId: '1001',
      customAttributes: { franchise: ['Grill, Express'], trainingCompleted: ['FS-101'] },
      ownsDatasets: false,
    },
    {
      id: '1003',
      userName: 'cy@acme.example',
      displayName: 'Cy',
      roleId: 4,
      customAttributes: { franchise: ['Tacos'], region: ['East'] },
      ownsDatasets: false,
    },
    { id: '1004', userName: 'di@acme.example', displayName: 'Di', roleId: 4, customAttributes: {}, ownsDatasets: false },
    { id: '1005', userName: 'ed@acme.example', displayName: 'Ed', roleId: 4, customAttributes: {}, ownsDatasets: false },
  ],
  groups: [
    { id: '5001', displayName: 'Grill', domoDisplayName: 'Grill stores', description: 'All Grill staff', members: ['1001', '1002'] },
    { id: '5002', displayName: 'Tacos', members: ['1003'] },
    { id: '5003', displayName: 'Unmanaged', members: ['1004'] },
  ],
};

/** The desired state matching SEED exactly. */
const ATTRIBUTE_USERS = [
  {
    userName: 'ana@acme.example',
    attributes: { franchise: ['Grill, Express'], region: ['West'], trainingCompleted: ['MGR-300', 'FS-101'] },
  },
  { userName: 'Bo@Acme.example', attributes: { franchise: ['Grill, Express'], region: [], trainingCompleted: ['FS-101'] } },
  { userName: 'cy@acme.example', attributes: { franchise: ['Tacos'], region: ['East'], trainingCompleted: [] } },
];
const USERS: NormalizedUser[] = [
  {
    userName: 'ana@acme.example',
    fields: { displayName: 'Ana', role: '2', title: 'Director', hireDate: '2015-06-01' },
    customAttributes: {},
  },
  {
    userName: 'bo@acme.example',
    fields: { role: '4', title: 'Manager', manager: 'ANA@acme.example' },
    customAttributes: { trainingCompleted: ['FS-101'] },
  },
];
const GROUPS: DesiredGroup[] = [
  {
    displayName: 'Grill',
    domoDisplayName: 'Grill stores',
    description: 'All Grill staff',
    members: ['ana@acme.example', 'BO@acme.example'],
  },
  { displayName: 'Tacos', members: ['cy@acme.example'] },
];

let em: RunningEmulator;
let dir: string;
let stackDir: string;

beforeEach(async () => {
  em = await startEmulator({ token: TOKEN, seed: Seed.parse(SEED), maxPageSize: 2 });
  dir = mkdtempSync(join(tmpdir(), 'drift-'));
  stackDir = join(dir, 'cdktf.out', 'stacks', 'identity');
  writeStack();
});
afterEach(async () => {
  await em.close();
  rmSync(dir, { recursive: true, force: true });
});

function writeStack(options: { membership?: MembershipMode; groups?: DesiredGroup[] } = {}): void {
  const groups = options.groups ?? GROUPS;
  writeFixtureStack(stackDir, { url: em.scimUrl, authScheme: 'bearer' }, [
    {
      path: 'identity/Attributes',
      kind: 'user-attributes',
      construct: { managedKeys: KEYS, removalPolicy: 'clear', desiredUsers: ATTRIBUTE_USERS.map((u) => u.userName.toLowerCase()) },
      instances: new Map([
        ['Grill, Express', { shard: 'Grill, Express', users: ATTRIBUTE_USERS.slice(0, 2) }],
        ['Tacos', { shard: 'Tacos', users: ATTRIBUTE_USERS.slice(2) }],
      ]),
    },
    {
      path: 'identity/Users',
      kind: 'users',
      construct: {
        removalPolicy: 'retain',
        desiredUsers: USERS.map((u) => u.userName.toLowerCase()),
        customAttributeKeys: [],
        roleIds: [],
      },
      instances: new Map([['all', { shard: 'all', users: USERS }]]),
    },
    {
      path: 'identity/Groups',
      kind: 'directory-groups',
      construct: {
        membership: options.membership ?? 'authoritative',
        removalPolicy: 'retain',
        desiredGroups: groups.map((g) => g.displayName.toLowerCase()),
      },
      instances: new Map(groups.map((group) => [group.displayName, { group }])),
    },
    // Attribute definitions are not compared; they must not break the check.
    {
      path: 'identity/Definitions',
      kind: 'custom-attributes',
      construct: { removalPolicy: 'retain', desiredKeys: [] },
      instances: new Map(),
    },
  ]);
}

/**
 * Runs `domo-identity drift` in-process on the fixture stack (`--stack-dir`: there is no cdktf app
 * to synthesize here); returns stdout, stderr, and what it threw.
 */
async function drift(args: string[] = [], env: Record<string, string | undefined> = { DOMO_SCIM_TOKEN: TOKEN }): Promise<InProcessResult> {
  const stack = args.includes('--stack-dir') || args.includes('--dir') ? [] : ['--stack-dir', 'cdktf.out/stacks/identity'];
  return runInProcess(registerDrift, ['drift', ...stack, ...args], {
    env: { DOMO_SCIM_TOKEN: undefined, ...env },
    cwd: dir,
    secrets: [TOKEN],
  });
}

/** The exit code the CLI entry (src/cli/main.ts, bin/domo-identity.js) gives an outcome. */
function exitCode(error: unknown): number {
  return error === undefined ? 0 : exitCodeOfCliError(error);
}

async function jsonDrift(args: string[] = []): Promise<{ report: DriftReport; code: number }> {
  const { out, error } = await drift(['--json', ...args]);
  return { report: JSON.parse(out) as DriftReport, code: exitCode(error) };
}

const seedUser = (id: string) => em.store.getUser(id)!;
const seedGroup = (id: string) => em.store.getGroup(id)!;

describe('domo-identity drift', () => {
  it('is in sync right after the desired state was applied: exit 0', async () => {
    const { out, error } = await drift();
    expect(error).toBeUndefined();
    expect(exitCode(error)).toBe(0);
    expect(out).toBe('In sync: Domo matches the desired state.\n');
    const { report, code } = await jsonDrift();
    expect(code).toBe(0);
    expect(report).toEqual({ inSync: true, users: [], groups: [], outsiders: [] });
  });

  it('reads users in one paginated listing and only the desired groups, and writes nothing', async () => {
    await drift();
    const users = em.requests.filter((r) => r.path.startsWith('/Users'));
    // 5 users, pages of 2 (the service clamps the page size): 3 requests of one listing, none per user.
    expect(users.map((r) => [r.path, r.query['attributes'], r.query['startIndex']])).toEqual([
      ['/Users', '_all', '1'],
      ['/Users', '_all', '3'],
      ['/Users', '_all', '5'],
    ]);
    const groups = em.requests.filter((r) => r.path.startsWith('/Groups'));
    expect(groups.filter((r) => r.path === '/Groups').every((r) => r.query['excludedAttributes'] === 'members')).toBe(true);
    expect(groups.filter((r) => r.path === '/Groups')).toHaveLength(2);
    expect(
      groups
        .filter((r) => r.path !== '/Groups')
        .map((r) => r.path)
        .sort(),
    ).toEqual(['/Groups/5001', '/Groups/5002']);
    expect(em.requests.every((r) => r.method === 'GET')).toBe(true);
    expect(em.requests).toHaveLength(3 + 2 + 2);
  });

  it('reports an attribute edited in Domo, with exit 3', async () => {
    em.store.putUser({ ...seedUser('1003'), customAttributes: { franchise: ['Tacos'], region: ['North'], trainingCompleted: ['X-1'] } });
    const { report, code } = await jsonDrift();
    expect(code).toBe(3);
    expect(report).toEqual({
      inSync: false,
      users: [
        {
          userName: 'cy@acme.example',
          status: 'changed',
          constructs: ['identity/Attributes'],
          differences: [
            { construct: 'identity/Attributes', kind: 'attribute', key: 'region', desired: ['East'], live: ['North'] },
            { construct: 'identity/Attributes', kind: 'attribute', key: 'trainingCompleted', desired: [], live: ['X-1'] },
          ],
        },
      ],
      groups: [],
      outsiders: [],
    });
  });

  it('reports standard fields that differ: role, title, manager by userName, hireDate as a date', async () => {
    em.store.putUser({ ...seedUser('1002'), roleId: 3, title: 'GM', managerId: '1003' });
    em.store.putUser({ ...seedUser('1001'), hireDate: '2016-01-02' });
    const { report } = await jsonDrift();
    expect(report.users).toEqual([
      {
        userName: 'ana@acme.example',
        status: 'changed',
        constructs: ['identity/Users'],
        differences: [{ construct: 'identity/Users', kind: 'field', key: 'hireDate', desired: '2015-06-01', live: '2016-01-02' }],
      },
      {
        userName: 'bo@acme.example',
        status: 'changed',
        constructs: ['identity/Users'],
        differences: [
          { construct: 'identity/Users', kind: 'field', key: 'role', desired: '4', live: '3' },
          { construct: 'identity/Users', kind: 'field', key: 'title', desired: 'Manager', live: 'GM' },
          { construct: 'identity/Users', kind: 'field', key: 'manager', desired: 'ANA@acme.example', live: 'cy@acme.example' },
        ],
      },
    ]);
    const { out } = await drift();
    expect(out).toContain('    role: desired Participant (4), live Editor (3)\n');
    expect(out).toContain('    manager: desired "ANA@acme.example", live "cy@acme.example"\n');
  });

  it('reports a user deleted in Domo as missing, and as a missing group member', async () => {
    em.store.deleteUser('1002');
    const { report, code } = await jsonDrift();
    expect(code).toBe(3);
    expect(report.users).toEqual([
      // DomoUsers manages Bo: `domo-identity deploy` creates them.
      {
        userName: 'Bo@Acme.example',
        status: 'missing',
        constructs: ['identity/Attributes', 'identity/Users'],
        differences: [],
        creatable: true,
      },
    ]);
    expect(report.groups).toEqual([
      {
        displayName: 'Grill',
        construct: 'identity/Groups',
        membership: 'authoritative',
        status: 'changed',
        fields: [],
        missingMembers: ['BO@acme.example'],
        extraMembers: [],
        membersNotInDomo: ['BO@acme.example'],
      },
    ]);
    const { out } = await drift();
    expect(out).toBe(
      [
        'Drift: 1 user and 1 group differ from the desired state.',
        '',
        'Users:',
        '  Bo@Acme.example: missing in Domo: `domo-identity deploy` creates them (DomoUsers)',
        '',
        'Groups:',
        '  Grill (authoritative):',
        '    missing members: BO@acme.example (not a Domo user)',
        '',
      ].join('\n'),
    );
  });

  it('reports a member added by hand (authoritative) and a member removed by hand', async () => {
    em.store.putGroup({ ...seedGroup('5001'), members: ['1001', '1002', '1005'] });
    em.store.putGroup({ ...seedGroup('5002'), members: [] });
    const { report, code } = await jsonDrift();
    expect(code).toBe(3);
    expect(report.users).toEqual([]);
    expect(report.groups.map((g) => [g.displayName, g.missingMembers, g.extraMembers])).toEqual([
      ['Grill', [], ['ed@acme.example']],
      ['Tacos', ['cy@acme.example'], []],
    ]);
  });

  it('does not count members added by hand as drift in additive mode', async () => {
    writeStack({ membership: 'additive' });
    em.store.putGroup({ ...seedGroup('5001'), members: ['1001', '1002', '1005'] });
    expect((await jsonDrift()).code).toBe(0);
    em.store.putGroup({ ...seedGroup('5001'), members: ['1001', '1005'] });
    const { report, code } = await jsonDrift();
    expect(code).toBe(3);
    expect(report.groups).toMatchObject([
      { displayName: 'Grill', membership: 'additive', missingMembers: ['BO@acme.example'], extraMembers: [] },
    ]);
  });

  it('reports group fields that differ and groups missing in Domo', async () => {
    em.store.putGroup({ ...seedGroup('5001'), description: 'edited by hand' });
    em.store.deleteGroup('5002');
    const { report } = await jsonDrift();
    expect(report.groups).toEqual([
      {
        displayName: 'Grill',
        construct: 'identity/Groups',
        membership: 'authoritative',
        status: 'changed',
        fields: [{ field: 'description', desired: 'All Grill staff', live: 'edited by hand' }],
        missingMembers: [],
        extraMembers: [],
        membersNotInDomo: [],
      },
      {
        displayName: 'Tacos',
        construct: 'identity/Groups',
        membership: 'authoritative',
        status: 'missing',
        fields: [],
        missingMembers: ['cy@acme.example'],
        extraMembers: [],
        membersNotInDomo: [],
      },
    ]);
  });

  it('prints a Markdown report for a pull request or issue', async () => {
    em.store.putUser({ ...seedUser('1003'), customAttributes: { franchise: ['Tacos|Bar'], region: ['East'] } });
    em.store.putGroup({ ...seedGroup('5001'), members: ['1001', '1002', '1005'] });
    em.store.deleteGroup('5002');
    const { out, error } = await drift(['--markdown']);
    expect(exitCode(error)).toBe(3);
    expect(out).toBe(
      [
        '## Domo identity drift',
        '',
        '**Drift**: 1 user and 2 groups differ from the desired state.',
        '',
        '### Users',
        '',
        '| User | Value | Desired | Live |',
        '| --- | --- | --- | --- |',
        '| `cy@acme.example` | `franchise` | `"Tacos"` | `"Tacos\\|Bar"` |',
        '',
        '### Groups',
        '',
        '| Group | Difference | Detail |',
        '| --- | --- | --- |',
        '| `Grill` | extra members | `ed@acme.example` |',
        '| `Tacos` | missing in Domo | 1 member desired |',
        '',
      ].join('\n'),
    );
    em.store.putGroup({ ...SEED.groups![1]! });
    em.store.putGroup({ ...seedGroup('5001'), members: ['1001', '1002'] });
    em.store.putUser({ ...SEED.users![2]! });
    const inSync = await drift(['--markdown']);
    expect(inSync.error).toBeUndefined();
    expect(inSync.out).toBe('## Domo identity drift\n\n**In sync**: Domo matches the desired state.\n');
  });

  it('signals drift with exit 3 (differences found) after printing, naming the counts', async () => {
    em.store.deleteUser('1003');
    const { out, error } = await drift();
    expect(out).toContain('Drift: 1 user and 1 group differ from the desired state.');
    expect(error).toBeInstanceOf(DriftFoundError);
    expect(error).toMatchObject({ message: 'drift: 1 user and 1 group differ from the desired state' });
    expect(exitCode(error)).toBe(3);
  });

  it('without --stack-dir synthesizes the project first: a failed synth fails the check (exit 1), never reading the old cdktf.out', async () => {
    // The folder holds a synthesized stack in sync with Domo, but no cdktf app that synthesizes.
    const { out, error } = await drift(['--dir', '.']);
    expect(error).toBeInstanceOf(DriftCheckError);
    expect(exitCode(error)).toBe(1);
    expect((error as Error).message).toMatch(/^drift: cdktf synth failed \(exit 1\); see its log, /);
    expect(out).toBe('');
  });

  it('reads the stack given by --stack-dir', async () => {
    const other = join(dir, 'elsewhere');
    mkdirSync(join(dir, 'cdktf.out', 'stacks', 'second'), { recursive: true });
    // --stack-dir picks one, relative to the working folder.
    expect((await drift(['--stack-dir', 'cdktf.out/stacks/identity'])).error).toBeUndefined();
    const missing = await drift(['--stack-dir', other]);
    expect((missing.error as Error).message).toContain(
      `${join(other, MANIFEST_DIR, 'index.json')} does not exist: ${other} was not synthesized`,
    );
  });

  it.each([
    ['no token', [], {}, /DOMO_SCIM_TOKEN is not set/],
    ['both output formats', ['--json', '--markdown'], { DOMO_SCIM_TOKEN: TOKEN }, /--json and --markdown cannot be combined/],
  ])('fails with exit 2 (a usage error, as every command) for %s', async (_name, args, env, message) => {
    const { out, error } = await drift(args, env);
    expect(error).toBeInstanceOf(DriftCheckError);
    expect((error as DriftCheckError).cause).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect(exitCode(error)).toBe(2);
    expect(out).toBe('');
  });

  it('fails with exit 1 when Domo rejects the token, without printing it', async () => {
    const { error } = await drift([], { DOMO_SCIM_TOKEN: `${TOKEN}-wrong` });
    expect(error).toBeInstanceOf(DriftCheckError);
    expect(exitCode(error)).toBe(1);
    expect((error as Error).message).toMatch(/401/);
    expect((error as Error).message).not.toContain(`${TOKEN}-wrong`);
  });

  it('runs without commander too, taking the environment as an argument', async () => {
    const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(runDriftCommand({ stackDir, json: true }, { DOMO_SCIM_TOKEN: TOKEN })).resolves.toEqual({
        inSync: true,
        users: [],
        groups: [],
        outsiders: [],
      });
    } finally {
      stdout.mockRestore();
    }
  });
});

describe('loadDesiredState', () => {
  it('collects every construct kind drift checks, with the SCIM root, skipping the others', () => {
    const loaded = loadDesiredState(stackDir);
    expect(loaded.scim).toEqual({ url: em.scimUrl, authScheme: 'bearer' });
    expect(loaded.skipped).toEqual([join(stackDir, MANIFEST_DIR, 'identity.Definitions')]);
    // Users and their attributes feed one facet (compared per user), then groups; a set's rules are its kind's.
    expect([...loaded.desired.keys()]).toEqual(['users', 'groups']);
    const people = loaded.desired.get('users')!.sets as PeopleSet[];
    expect(people.map((s) => [s.constructPath, s.removal, s.creates, s.managedKeys])).toEqual([
      ['identity/Attributes', 'clear', undefined, KEYS],
      ['identity/Users', undefined, 'DomoUsers', undefined],
    ]);
    expect(people[0]!.users).toEqual(ATTRIBUTE_USERS.map((u) => ({ ...u, keys: KEYS })));
    // The shard each user is in: the instance a repair replaces.
    expect(people[0]!.instanceOf).toEqual(
      new Map([
        ['ana@acme.example', 'Grill, Express'],
        ['bo@acme.example', 'Grill, Express'],
        ['cy@acme.example', 'Tacos'],
      ]),
    );
    expect(people[1]!.users.map((u) => [u.userName, u.attributes, u.keys])).toEqual(
      USERS.map((u) => [u.userName, u.customAttributes, Object.keys(u.customAttributes)]),
    );
    expect(people[1]!.instanceOf).toEqual(
      new Map([
        ['ana@acme.example', 'all'],
        ['bo@acme.example', 'all'],
      ]),
    );
    const groups = loaded.desired.get('groups')!.sets as DesiredGroupSet[];
    expect(groups).toEqual([{ constructPath: 'identity/Groups', membership: 'authoritative', groups: expect.arrayContaining(GROUPS) }]);
    expect(groups[0]!.groups).toHaveLength(GROUPS.length);
  });

  it('names a broken file', () => {
    const file = join(stackDir, MANIFEST_DIR, 'identity.Groups', 'construct.json');
    writeFileSync(file, JSON.stringify({ kind: 'directory-groups', version: 2 }));
    expect(() => loadDesiredState(stackDir)).toThrow(
      `${file} (the construct file of identity/Groups) is invalid; synthesize the project again (cdktf synth)`,
    );
    writeFileSync(file, JSON.stringify({ kind: 'directory-groups', version: 1 }));
    expect(() => loadDesiredState(stackDir)).toThrow(`${file} was written by another version of cdktf-domo-identity (format 1)`);
  });
});

describe('computeDrift', () => {
  const user = (id: string, userName: string, extra: Partial<ScimUser> = {}): ScimUser => ({ id, userName, ...extra });
  const custom = (attributes: Record<string, string[]>) => ({
    [CUSTOM_USER]: { customAttributes: Object.entries(attributes).map(([key, values]) => ({ key, values })) },
  });
  const empty: DesiredState = { userAttributes: [], users: [], groups: [] };

  it('compares a custom role given by name by its id, read from the roles, and shows the name', () => {
    const desired: DesiredState = {
      ...empty,
      users: [
        {
          constructPath: 'u',
          users: [{ userName: 'x@y.z', fields: { role: 'name:Store Manager' }, customAttributes: {} }],
          instanceOf: new Map(),
        },
      ],
    };
    const roles = [{ id: 101, name: 'Store Manager' }];
    expect(computeDrift(desired, { users: [user('1', 'x@y.z', { roles: [{ value: '101' }] })], groups: [], roles }).inSync).toBe(true);
    expect(
      computeDrift(desired, { users: [user('1', 'x@y.z', { roles: [{ value: '4' }] })], groups: [], roles }).users[0]!.differences,
    ).toEqual([{ construct: 'u', kind: 'field', key: 'role', desired: 'name:Store Manager', live: '4' }]);
  });

  it('compares multi-values as sets', () => {
    const desired: DesiredState = {
      ...empty,
      userAttributes: [
        { constructPath: 'a', managedKeys: ['k'], users: [{ userName: 'x@y.z', attributes: { k: ['b', 'a'] } }], instanceOf: new Map() },
      ],
    };
    expect(computeDrift(desired, { users: [user('1', 'X@y.z', custom({ k: ['a', 'b', 'a'] }))], groups: [] }).inSync).toBe(true);
    expect(computeDrift(desired, { users: [user('1', 'x@y.z', custom({ k: ['a'] }))], groups: [] }).users[0]!.differences).toEqual([
      { construct: 'a', kind: 'attribute', key: 'k', desired: ['a', 'b'], live: ['a'] },
    ]);
  });

  it('compares hireDate as a date (the construct normalizes the desired one) and unset fields as empty', () => {
    const desired: DesiredState = {
      ...empty,
      users: [
        {
          constructPath: 'u',
          users: [{ userName: 'x@y.z', fields: { hireDate: '2021-03-04', title: '' }, customAttributes: {} }],
          instanceOf: new Map(),
        },
      ],
    };
    expect(
      computeDrift(desired, { users: [user('1', 'x@y.z', { [DOMO_USER]: { hireDate: '2021-03-04T00:00:00Z' } })], groups: [] }).inSync,
    ).toBe(true);
    expect(
      computeDrift(desired, { users: [user('1', 'x@y.z', { title: 'T', [ENTERPRISE_USER]: {} })], groups: [] }).users[0]!.differences,
    ).toEqual([
      { construct: 'u', kind: 'field', key: 'title', desired: '', live: 'T' },
      { construct: 'u', kind: 'field', key: 'hireDate', desired: '2021-03-04', live: '' },
    ]);
  });

  it('names members by userName from the user listing, by display, or by id', () => {
    const desired: DesiredState = {
      ...empty,
      groups: [
        { constructPath: 'g', membership: 'authoritative', groups: [{ displayName: 'G', domoDisplayName: 'Shown', members: ['a@y.z'] }] },
      ],
    };
    const report = computeDrift(desired, {
      users: [user('1', 'A@y.z')],
      groups: [
        { id: '9', displayName: 'g', members: [{ value: '1' }, { value: '2', display: 'b@y.z' }, { value: '3' }], [DOMO_GROUP]: {} },
      ],
    });
    expect(report.groups).toEqual([
      {
        displayName: 'G',
        construct: 'g',
        membership: 'authoritative',
        status: 'changed',
        fields: [
          { field: 'displayName', desired: 'G', live: 'g' },
          { field: 'domoDisplayName', desired: 'Shown', live: '' },
        ],
        missingMembers: [],
        extraMembers: ['b@y.z', 'id 3'],
        membersNotInDomo: [],
      },
    ]);
  });
});
