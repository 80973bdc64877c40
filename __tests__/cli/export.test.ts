import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerExport } from '../../src/cli/commands/export';
import { computeDrift, readLiveState } from '../support/drift-compat';
import { GROUP_EXPORT_COLUMNS } from '../../src/kinds/directory-groups/export';
import { readAttributeExport, type AttributeExportOptions } from '../../src/kinds/user-attributes/export';
import { LiveReads } from '../../src/drift/live-reads';
import { Seed, startEmulator, type RunningEmulator, type SeedInput } from 'domo-scim-emulator';
import { ConfigError } from '../../src/errors';
import { deriveGroups } from '../../src/kinds/directory-groups/derivation';
import { mapUserAttributes } from '../../src/kinds/user-attributes/mapping';
import { ScimClient } from '../../src/domo/scim/client';
import { readCsvFile } from '../../src/sources/csv';
import { runInProcess, type InProcessResult } from '../support/in-process-cli';

const TOKEN = 'export-secret-77aa01';
const KEYS = ['franchise', 'region', 'notes', 'trainingCompleted'];

const SEED: SeedInput = {
  attributes: [...KEYS, 'other'].map((key) => ({ key, valueSources: ['managed'] })),
  idpOnlyWrites: 'ignore',
  users: [
    {
      id: '1001',
      userName: 'zoe@acme.example',
      roleId: 4,
      customAttributes: {
        franchise: ['Grill, Express'],
        region: ['West'],
        notes: ['says "hi"; costs ${price} or %{x}'],
        trainingCompleted: ['FS-101', 'MGR-300', 'A-1'],
      },
      ownsDatasets: false,
    },
    {
      id: '1002',
      userName: 'Adam@acme.example',
      roleId: 4,
      customAttributes: { franchise: ['Tacos'], notes: ['line one\nline two'], other: ['not exported'] },
      ownsDatasets: false,
    },
    {
      id: '1003',
      userName: 'beth@acme.example',
      roleId: 4,
      customAttributes: { region: ['[draft]'], trainingCompleted: ['[x'] },
      ownsDatasets: false,
    },
    { id: '1004', userName: 'carl@acme.example', roleId: 4, customAttributes: {}, ownsDatasets: false },
  ],
  groups: [
    { id: '5001', displayName: 'Grill, West', domoDisplayName: 'Grill "West"', description: 'Line\nbreak', members: ['1001', '1003'] },
    { id: '5002', displayName: 'Tacos', members: ['1002'] },
    { id: '5003', displayName: 'Empty', members: [] },
  ],
};

let em: RunningEmulator;
let dir: string;
beforeEach(async () => {
  em = await startEmulator({ token: TOKEN, seed: Seed.parse(SEED), maxPageSize: 3 });
  dir = mkdtempSync(join(tmpdir(), 'export-'));
});
afterEach(async () => {
  await em.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `domo-identity export` in-process against the started service. */
async function exportCli(args: string[], env: Record<string, string | undefined> = {}): Promise<InProcessResult> {
  return runInProcess(registerExport, ['export', ...args], {
    env: { DOMO_SCIM_URL: em.scimUrl, DOMO_SCIM_TOKEN: TOKEN, DOMO_SCIM_AUTH_SCHEME: undefined, ...env },
    secrets: [TOKEN],
  });
}

/** How a stack reads the group fields of the membership CSV. */
const GROUP_FIELD_COLUMNS = { domoDisplayName: { column: 'domoDisplayName' }, description: { column: 'description' } };

const live = () => new Map(em.snapshot().users.map((u) => [u.userName, u.customAttributes]));

/** The users export of the user-attributes kind, read without writing. */
async function readExport(options: AttributeExportOptions & { scimUrl: string; token: string }) {
  const scim = new ScimClient({ baseUrl: options.scimUrl, token: options.token });
  try {
    return await readAttributeExport(
      new LiveReads({
        scim,
        publicApi: () => {
          throw new Error('no PDP here');
        },
      }),
      options,
    );
  } finally {
    await scim.close();
  }
}

describe('domo-identity export', () => {
  it('writes users as the CSV source reads them back, exactly the live values, sorted by userName', async () => {
    const out = join(dir, 'users.csv');
    const { err, error } = await exportCli(['--out', out, '--keys', KEYS.join(',')]);
    expect(error).toBeUndefined();
    expect(err).toContain(`Wrote 4 user(s) with ${KEYS.join(', ')} to ${out}\n`);
    expect(readFileSync(out, 'utf8')).toBe(
      [
        'userName,franchise,region,notes,trainingCompleted',
        'Adam@acme.example,Tacos,,"line one',
        'line two",',
        'beth@acme.example,,[[draft]],,[[x]',
        'carl@acme.example,,,,',
        'zoe@acme.example,"Grill, Express",West,"says ""hi""; costs ${price} or %{x}","[FS-101, MGR-300, A-1]"',
        '',
      ].join('\n'),
    );
    const users = mapUserAttributes(readCsvFile(out), { attributes: Object.fromEntries(KEYS.map((k) => [k, k])) });
    const values = live();
    expect(users.map((u) => u.userName)).toEqual(['Adam@acme.example', 'beth@acme.example', 'carl@acme.example', 'zoe@acme.example']);
    for (const user of users) {
      expect(user.attributes).toEqual(Object.fromEntries(KEYS.map((k) => [k, values.get(user.userName)![k] ?? []])));
    }
  });

  it('reads users in one paginated listing, groups (with members) in another, and writes nothing to Domo', async () => {
    await exportCli(['--out', join(dir, 'u.csv'), '--keys', 'franchise', '--groups-out', join(dir, 'g.csv')]);
    expect(em.requests.map((r) => [r.method, r.path, r.query['startIndex']])).toEqual([
      ['GET', '/Users', '1'],
      ['GET', '/Users', '4'],
      ['GET', '/Groups', '1'],
    ]);
    expect(em.requests.filter((r) => r.path === '/Users').every((r) => r.query['attributes'] === '_all')).toBe(true);
  });

  it('writes group memberships that deriveGroups reads back, naming groups it cannot hold', async () => {
    const groupsOut = join(dir, 'groups.csv');
    const { err, error } = await exportCli(['--out', join(dir, 'users.csv'), '--keys', 'franchise', '--groups-out', groupsOut]);
    expect(error).toBeUndefined();
    expect(err).toContain('warning: group "Empty" has no members: a membership CSV cannot hold it\n');
    expect(err).toContain(`Wrote 3 membership(s) of 2 group(s) to ${groupsOut}\n`);
    expect(readFileSync(groupsOut, 'utf8')).toBe(
      [
        GROUP_EXPORT_COLUMNS.join(','),
        '"Grill, West",beth@acme.example,"Grill ""West""","Line',
        'break"',
        '"Grill, West",zoe@acme.example,"Grill ""West""","Line',
        'break"',
        'Tacos,Adam@acme.example,,',
        '',
      ].join('\n'),
    );
    const groups = deriveGroups(readCsvFile(groupsOut), { groupBy: 'group', ...GROUP_FIELD_COLUMNS });
    expect(groups).toEqual([
      {
        displayName: 'Grill, West',
        domoDisplayName: 'Grill "West"',
        description: 'Line\nbreak',
        members: ['beth@acme.example', 'zoe@acme.example'],
      },
      { displayName: 'Tacos', members: ['Adam@acme.example'] },
    ]);
  });

  it('round trip: the exported datasets, used as the desired state, show no drift', async () => {
    const usersCsv = join(dir, 'users.csv');
    const groupsCsv = join(dir, 'groups.csv');
    expect((await exportCli(['--out', usersCsv, '--keys', KEYS.join(','), '--groups-out', groupsCsv])).error).toBeUndefined();
    const users = mapUserAttributes(readCsvFile(usersCsv), { attributes: Object.fromEntries(KEYS.map((k) => [k, k])) });
    const groups = deriveGroups(readCsvFile(groupsCsv), { groupBy: 'group', ...GROUP_FIELD_COLUMNS });
    const desired = {
      userAttributes: [{ constructPath: 'app/Attributes', managedKeys: KEYS, users, instanceOf: new Map() }],
      users: [],
      groups: [{ constructPath: 'app/Groups', membership: 'authoritative' as const, groups }],
    };
    const client = new ScimClient({ baseUrl: em.scimUrl, token: TOKEN });
    try {
      expect(computeDrift(desired, await readLiveState(client, desired))).toEqual({ inSync: true, users: [], groups: [], outsiders: [] });
      // And the check is not vacuous: a change made in Domo afterwards is drift.
      em.store.putUser({ ...em.store.getUser('1002')!, customAttributes: { franchise: ['Grill'] } });
      expect(computeDrift(desired, await readLiveState(client, desired)).users.map((u) => u.userName)).toEqual(['Adam@acme.example']);
    } finally {
      await client.close();
    }
  });

  it('refuses a list value holding the separator, naming it, and writes nothing; another --separator exports it', async () => {
    em.store.putUser({ ...em.store.getUser('1004')!, customAttributes: { region: ['North, East', 'West'] } });
    const out = join(dir, 'users.csv');
    const { error } = await exportCli(['--out', out, '--keys', 'region']);
    expect((error as Error).message).toMatch(
      /^1 value cannot be exported so that the CSV source reads it back unchanged .*pass another --separator/,
    );
    expect((error as Error).message).toContain('  - carl@acme.example region: cannot write value "North, East" to a dataset cell');
    expect(() => readFileSync(out)).toThrow(/ENOENT/);

    expect((await exportCli(['--out', out, '--keys', 'region', '--separator', '|'])).error).toBeUndefined();
    const users = mapUserAttributes(readCsvFile(out), { attributes: { region: 'region' }, multiValue: { separator: '|' } });
    expect(users.find((u) => u.userName === 'carl@acme.example')!.attributes).toEqual({ region: ['North, East', 'West'] });
  });

  it('names the userName column as asked', async () => {
    const out = join(dir, 'users.csv');
    expect((await exportCli(['--out', out, '--keys', 'region', '--user-name-column', 'email'])).error).toBeUndefined();
    expect(readFileSync(out, 'utf8').split('\n')[0]).toBe('email,region');
    expect(mapUserAttributes(readCsvFile(out), { userNameColumn: 'email', attributes: { region: 'region' } })).toHaveLength(4);
  });

  it('writes into a folder relative to the working folder only when it exists', async () => {
    mkdirSync(join(dir, 'sub'));
    expect((await exportCli(['--out', join(dir, 'sub', 'u.csv'), '--keys', 'region'])).error).toBeUndefined();
    const { error } = await exportCli(['--out', join(dir, 'nope', 'u.csv'), '--keys', 'region']);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain(`cannot write ${join(dir, 'nope', 'u.csv')}`);
  });

  it.each([
    ['no token', ['--out', 'x.csv', '--keys', 'region'], { DOMO_SCIM_TOKEN: undefined }, /DOMO_SCIM_TOKEN is not set/],
    ['an empty --keys', ['--out', 'x.csv', '--keys', ' , '], {}, /--keys needs at least one value/],
    [
      'a key with whitespace',
      ['--out', 'x.csv', '--keys', 'my key'],
      {},
      /--keys: "my key" is not a valid attribute key: it contains a space; .*, so use "myKey"/,
    ],
    [
      'a key no Domo definition can have',
      ['--out', 'x.csv', '--keys', 'store_number'],
      {},
      /--keys: "store_number" is not a valid attribute key: .*, so use "storeNumber"/,
    ],
    ['a key twice', ['--out', 'x.csv', '--keys', 'region,region'], {}, /"region" is listed twice/],
    [
      'a key named like the userName column',
      ['--out', 'x.csv', '--keys', 'userName'],
      {},
      /userName column "userName" is also an attribute key/,
    ],
    ['a bracket separator', ['--out', 'x.csv', '--keys', 'region', '--separator', ']'], {}, /multi-value separator "]" is invalid/],
    [
      'a non-loopback http URL',
      ['--out', 'x.csv', '--keys', 'region'],
      { DOMO_SCIM_URL: 'http://acme.domo.com/api/identity/v1/scim' },
      /must use https/,
    ],
  ])('throws ConfigError (exit 2) for %s, before any request', async (_name, args, env, message) => {
    const { error } = await exportCli(args, env);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
    expect(em.requests).toEqual([]);
  });

  it('exports the userNames the identity rule accepts (zoë too) and skips the others, saying why', async () => {
    const users = ['zoë@acme.example', 'jane..doe@acme.example'].map((userName, i) => ({
      id: String(2001 + i),
      userName,
      roleId: 4,
      customAttributes: { region: ['North'] },
      ownsDatasets: false,
    }));
    const own = await startEmulator({ token: TOKEN, seed: Seed.parse({ ...SEED, users, groups: [] }) });
    try {
      const data = await readExport({ scimUrl: own.scimUrl, token: TOKEN, keys: ['region'] });
      expect(data.users.rows.map((r) => r.values.userName)).toEqual(['zoë@acme.example']);
      expect(data.warnings).toEqual([
        'user 2002 skipped, as the CSV source would reject it: "jane..doe@acme.example" is not a valid userName: ' +
          'the part before the "@" starts or ends with "." or has ".."; a Domo userName is the user\'s email address, e.g. jane@acme.com',
      ]);
    } finally {
      await own.close();
    }
  });

  it('returns the datasets from readExport without writing', async () => {
    const data = await readExport({ scimUrl: em.scimUrl, token: TOKEN, keys: ['franchise'] });
    expect(data.users.columns).toEqual(['userName', 'franchise']);
    expect(data.users.rows.map((r) => r.values)).toEqual([
      { userName: 'Adam@acme.example', franchise: 'Tacos' },
      { userName: 'beth@acme.example', franchise: '' },
      { userName: 'carl@acme.example', franchise: '' },
      { userName: 'zoe@acme.example', franchise: 'Grill, Express' },
    ]);
    expect(em.requests.some((r) => r.path.startsWith('/Groups'))).toBe(false);
  });

  it('requires --out with --keys, or --policies-out with --datasets (a usage error)', async () => {
    const { error } = await exportCli(['--keys', 'region']);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('--keys, --user-name-column and --separator are for --out: give the users CSV to write');
    const noKeys = await exportCli(['--out', join(dir, 'u.csv')]);
    expect((noKeys.error as Error).message).toContain('--keys is required with --out');
    const noDatasets = await exportCli(['--policies-out', join(dir, 'p.json')]);
    expect((noDatasets.error as Error).message).toContain('--policies-out needs --datasets');
    const nothing = await exportCli([]);
    expect((nothing.error as Error).message).toContain(
      'export needs --roles-out FILE (custom roles and grants), --out FILE (users and their attributes), --groups-out FILE (group memberships) or --policies-out FILE (PDP policies), or several',
    );
  });
});
