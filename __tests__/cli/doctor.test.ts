import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { registerDoctor } from '../../src/cli/commands/doctor';
import { loadDesiredState } from '../../src/cli/drift/desired-state';
import { DoctorFailedError } from '../../src/cli/doctor/errors';
import { readManagedNames } from '../../src/cli/doctor/managed-names';
import { type DoctorReport } from '../../src/cli/doctor/report';
import { runDoctor, type DoctorOptions } from '../../src/cli/doctor/run-doctor';
import { WRITE_CHECK_NOT_ASKED } from '../../src/cli/doctor/run-doctor';
import { ConfigError } from '../../src/errors';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { readCsvFile } from '../../src/sources';
import { FranchiseIdentityStack } from '../../stacks';
import { ROOT } from '../support/roster';
import { writeFixtureStack } from '../support/synth-fixture';
import { runInProcess, type InProcessResult } from '../support/in-process-cli';

const TOKEN = 'doctor-secret-9c2f71ab';
const SAMPLE_SEED = join(ROOT, 'data', 'sample-seed.json');
const SAMPLE_KEYS = ['franchise', 'storeNumber', 'region', 'trainingCompleted', 'trainingScore'];
const SAMPLE_ROLES = ['Participant', 'Store Manager'];

let em: RunningEmulator;
beforeEach(async () => {
  em = await startEmulator({ token: TOKEN, seed: loadSeedFile(SAMPLE_SEED) });
});
afterEach(() => em.close());

/** With the write check asked for: most tests here are about what it does. */
const doctor = (overrides: Partial<DoctorOptions> = {}) =>
  runDoctor({
    scimUrl: em.scimUrl,
    token: TOKEN,
    keys: SAMPLE_KEYS,
    roles: SAMPLE_ROLES,
    writeCheck: true,
    sleep: async () => {},
    ...overrides,
  });

const check = (report: DoctorReport, id: string) => {
  const found = report.checks.find((c) => c.id === id);
  if (!found) throw new Error(`no check ${id} in ${report.checks.map((c) => c.id).join(', ')}`);
  return found;
};

const statuses = (report: DoctorReport) => Object.fromEntries(report.checks.map((c) => [c.id, c.status]));

describe('runDoctor', () => {
  it('writes nothing unless asked: grant:users-write is skipped, every request a GET', async () => {
    const report = await doctor({ writeCheck: undefined });
    expect(check(report, 'grant:users-write')).toEqual({ id: 'grant:users-write', status: 'skip', message: WRITE_CHECK_NOT_ASKED });
    expect(WRITE_CHECK_NOT_ASKED).toBe(
      'not checked: the doctor changes no data unless asked (--write-check rewrites one managed attribute of one user with its current value)',
    );
    expect(report.checks.filter((c) => c.status !== 'pass').map((c) => c.id)).toEqual(['grant:users-write']);
    expect(report.ok).toBe(true);
    expect(em.requests.length).toBeGreaterThan(0);
    expect(em.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('passes every check on the sample seed, and changes no data', async () => {
    const before = em.snapshot();
    const report = await doctor();
    expect(report.checks.map((c) => c.id)).toEqual([
      'token',
      'grant:users-read',
      'grant:users-write',
      'grant:groups',
      ...SAMPLE_KEYS.map((k) => `key:${k}`),
      'role:Participant',
      'role:Store Manager',
    ]);
    expect(report.checks.filter((c) => c.status !== 'pass')).toEqual([]);
    expect(report.ok).toBe(true);
    expect(check(report, 'grant:users-write').message).toBe('writing users works (rewrote franchise of user 1001 with its current value)');
    expect(check(report, 'key:region').message).toBe('key region is defined in Domo and writable through the API (value sources: managed)');
    expect(check(report, 'role:Store Manager').message).toBe('role Store Manager exists (id 101)');
    // The write really happened, with the value the user already had.
    expect(em.requests.filter((r) => r.method !== 'GET')).toEqual([
      {
        method: 'PATCH',
        path: '/Users/1001',
        query: {},
        status: 200,
        body: {
          schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
          Operations: [
            {
              op: 'replace',
              path: 'urn:ietf:params:scim:schemas:extension:custom:2.0:User:customAttributes[key eq "franchise"]',
              value: ['Sunbelt Grill'],
            },
          ],
        },
      },
    ]);
    expect(em.snapshot().users).toEqual(before.users);
  });

  it('reports a rejected token once and skips the rest', async () => {
    const report = await doctor({ token: 'not-the-token' });
    expect(report.ok).toBe(false);
    expect(check(report, 'token')).toEqual({
      id: 'token',
      status: 'fail',
      message:
        '401 from Domo: DOMO_SCIM_TOKEN is not accepted (set it to a valid Domo access token, and DOMO_SCIM_AUTH_SCHEME to how it is sent: bearer or developer-token)',
    });
    expect(report.checks.slice(1).every((c) => c.status === 'skip' && c.message === 'skipped: the token check failed')).toBe(true);
    expect(report.checks).toHaveLength(1 + 3 + SAMPLE_KEYS.length + SAMPLE_ROLES.length);
  });

  it('accepts the developer-token scheme', async () => {
    expect((await doctor({ authScheme: 'developer-token' })).ok).toBe(true);
  });

  it('fails a key Domo does not define, with a hint when only the case differs', async () => {
    const report = await doctor({ keys: ['hireCohort', 'Region'] });
    expect(check(report, 'key:hireCohort')).toEqual({
      id: 'key:hireCohort',
      status: 'fail',
      message: 'key hireCohort is not defined in Domo (Admin > Governance > Attributes)',
    });
    expect(check(report, 'key:Region').message).toBe(
      'key Region is not defined in Domo (Admin > Governance > Attributes); "region" differs only in case, and keys are case-sensitive',
    );
    expect(check(report, 'grant:users-write')).toMatchObject({
      status: 'skip',
      message: 'none of the managed keys (hireCohort, Region) is defined in Domo: see the key checks',
    });
    expect(report.ok).toBe(false);
  });

  it('fails an IdP-only key', async () => {
    const report = await doctor({ keys: ['ssoDepartment', 'badgeColor'] });
    expect(check(report, 'key:ssoDepartment')).toEqual({
      id: 'key:ssoDepartment',
      status: 'fail',
      message:
        'key ssoDepartment is IdP-only: Domo overwrites it at every sign-in; add the Managed value source in Admin > Governance > Attributes',
    });
    // "Grant: Edit Users" allows API writes; the write check prefers that key to the IdP-only one.
    expect(check(report, 'key:badgeColor').status).toBe('pass');
    expect(check(report, 'grant:users-write').message).toBe('writing users works (rewrote badgeColor of user 1005 with its current value)');
  });

  it('fails an unknown role, listing the known ones; finds roles by id and any case', async () => {
    const report = await doctor({ roles: ['Store Mgr', '101', 'participant', '999'] });
    expect(check(report, 'role:Store Mgr')).toEqual({
      id: 'role:Store Mgr',
      status: 'fail',
      message:
        'role Store Mgr does not exist in Domo: create it in Admin > Roles, or use one of Admin (1), Privileged (2), Editor (3), Participant (4), Social (5), Store Manager (101)',
    });
    expect(check(report, 'role:101').message).toBe('role Store Manager exists (id 101)');
    expect(check(report, 'role:participant').status).toBe('pass');
    expect(check(report, 'role:999').status).toBe('fail');
  });

  it('fails users-write without Manage All Users, naming the grant, and changes nothing', async () => {
    em.store.setTokenOwner({ userName: 'robot@sunbeltfoods.example', grants: ['Manage All Roles', 'Manage All Groups'] });
    const before = em.snapshot().users;
    const report = await doctor();
    expect(check(report, 'grant:users-write')).toEqual({
      id: 'grant:users-write',
      status: 'fail',
      message: "writing users was refused (403): the token's owner needs the grant Manage All Users",
    });
    expect(statuses(report)).toMatchObject({ token: 'pass', 'grant:users-read': 'pass', 'grant:groups': 'pass', 'key:region': 'pass' });
    expect(report.ok).toBe(false);
    expect(em.snapshot().users).toEqual(before);
  });

  it('fails groups without Manage All Groups, naming the grant', async () => {
    em.store.setTokenOwner({ userName: 'robot@sunbeltfoods.example', grants: ['Manage All Users', 'Manage All Roles'] });
    const report = await doctor();
    expect(check(report, 'grant:groups').status).toBe('fail');
    expect(check(report, 'grant:groups').message).toContain("the token's owner needs the grant Manage All Groups");
    expect(check(report, 'grant:users-write').status).toBe('pass');
  });

  it('skips the write check without managed keys, and passes', async () => {
    const report = await doctor({ keys: [], roles: [] });
    expect(report.checks.map((c) => c.id)).toEqual(['token', 'grant:users-read', 'grant:users-write', 'grant:groups']);
    expect(check(report, 'grant:users-write').status).toBe('skip');
    expect(report.ok).toBe(true);
    expect(em.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('skips the write check when no sampled user has a value for the managed keys', async () => {
    const report = await doctor({ keys: ['trainingCertified'] });
    expect(check(report, 'grant:users-write')).toMatchObject({
      status: 'skip',
      message: 'none of the first 100 users has a value for trainingCertified: there is no value to rewrite harmlessly',
    });
    expect(report.ok).toBe(true);
  });

  it('fails the token check when nothing answers', async () => {
    const url = em.scimUrl;
    await em.close();
    const report = await runDoctor({ scimUrl: url, token: TOKEN, keys: ['region'], retry: { maxAttempts: 1 } });
    expect(check(report, 'token').status).toBe('fail');
    expect(check(report, 'token').message).toMatch(/^cannot check the token: SCIM GET \/Users failed: ECONNREFUSED/);
    em = await startEmulator({ token: TOKEN });
  });

  it('throws ConfigError for a URL that is not a SCIM root or not https', async () => {
    await expect(doctor({ scimUrl: em.url })).rejects.toThrow(ConfigError);
    await expect(doctor({ scimUrl: 'http://acme.domo.com/api/identity/v1/scim' })).rejects.toThrow(/must use https/);
  });
});

describe('readManagedNames', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'doctor-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const scim = { url: 'https://acme.domo.com/api/identity/v1/scim', authScheme: 'bearer' as const };
  const stackDir = (stack: string) => join(dir, 'cdktf.out', 'stacks', stack);
  const fileOf = (stack: string, path: string) => join(stackDir(stack), 'domo-identity', path.replace('/', '.'), 'construct.json');
  const attributes = (path: string, managedKeys: string[]) => ({
    path,
    kind: 'user-attributes' as const,
    construct: { managedKeys, removalPolicy: 'clear', desiredUsers: [] },
    instances: new Map(),
  });
  const users = (path: string, customAttributeKeys: string[], roleIds: string[]) => ({
    path,
    kind: 'users' as const,
    construct: { removalPolicy: 'retain', desiredUsers: [], customAttributeKeys, roleIds },
    instances: new Map(),
  });

  it('collects the managed keys, the keys DomoUsers writes and its roles of every construct, once each, passing over other kinds', () => {
    writeFixtureStack(stackDir('franchise'), scim, [
      attributes('app/Attributes', ['franchise', 'region']),
      {
        path: 'app/Groups',
        kind: 'directory-groups',
        construct: { membership: 'authoritative', removalPolicy: 'retain', desiredGroups: [] },
        instances: new Map(),
      },
      users('app/Users', ['trainingCertified', 'region'], ['3', '101']),
    ]);
    writeFixtureStack(stackDir('other'), scim, [users('app/More', ['region', 'trainingScore'], ['3'])]);
    expect(readManagedNames(dir)).toEqual({
      keys: ['franchise', 'region', 'trainingCertified', 'trainingScore'],
      roles: ['3', '101'],
      manageRoles: false,
      files: [fileOf('franchise', 'app/Attributes'), fileOf('franchise', 'app/Users'), fileOf('other', 'app/More')],
    });
  });

  it('finds nothing without a synthesized project', () => {
    expect(readManagedNames(dir)).toEqual({ keys: [], roles: [], manageRoles: false, files: [] });
  });

  it('names a broken construct file', () => {
    writeFixtureStack(stackDir('s'), scim, [attributes('app/c', ['region'])]);
    const file = fileOf('s', 'app/c');
    writeFileSync(file, '{ nope');
    expect(() => readManagedNames(dir)).toThrow(`Cannot read the construct file of app/c (${file})`);
    writeFileSync(file, JSON.stringify({ version: 2, kind: 'user-attributes', managedKeys: 'region' }));
    expect(() => readManagedNames(dir)).toThrow(
      `${file} (the construct file of app/c) is invalid; synthesize the project again (cdktf synth)`,
    );
  });
});

describe('domo-identity doctor', () => {
  /** Runs the command in-process; returns stdout, stderr, and what it threw. */
  async function run(args: string[], env: Record<string, string | undefined> = { DOMO_SCIM_TOKEN: TOKEN }): Promise<InProcessResult> {
    return runInProcess(registerDoctor, args, {
      env: { DOMO_SCIM_TOKEN: undefined, DOMO_SCIM_URL: undefined, DOMO_SCIM_AUTH_SCHEME: undefined, ...env },
      secrets: [TOKEN],
    });
  }

  const ARGS = () => ['doctor', '--url', em.scimUrl, '--keys', SAMPLE_KEYS.join(','), '--roles', SAMPLE_ROLES.join(',')];

  it('prints one line per check and succeeds when all pass; writes nothing without --write-check', async () => {
    const { out, error } = await run(ARGS());
    expect(error).toBeUndefined();
    const lines = out.trimEnd().split('\n');
    expect(lines).toHaveLength(11);
    expect(lines[0]).toBe('✓ token: token accepted');
    expect(lines).toContain('✓ role:Store Manager: role Store Manager exists (id 101)');
    expect(lines.filter((l) => !l.startsWith('✓ '))).toEqual([`- grant:users-write: ${WRITE_CHECK_NOT_ASKED}`]);
    expect(em.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('proves the write grant with --write-check: one PATCH of a value the user already has', async () => {
    const before = em.snapshot().users;
    const { out, error } = await run([...ARGS(), '--write-check']);
    expect(error).toBeUndefined();
    expect(out).toContain('✓ grant:users-write: writing users works (rewrote franchise of user 1001 with its current value)\n');
    expect(em.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /Users/1001']);
    expect(em.snapshot().users).toEqual(before);
  });

  it('prints { ok, checks } with --json', async () => {
    const { out, error } = await run([...ARGS(), '--json']);
    expect(error).toBeUndefined();
    const report = JSON.parse(out) as DoctorReport;
    expect(Object.keys(report)).toEqual(['ok', 'checks']);
    expect(report.ok).toBe(true);
    expect(report.checks[0]).toEqual({ id: 'token', status: 'pass', message: 'token accepted' });
    expect(report.checks.every((c) => Object.keys(c).join() === 'id,status,message')).toBe(true);
  });

  it('prints the report, then throws DoctorFailedError (exit 1) when a check fails', async () => {
    const { out, error } = await run(['doctor', '--url', em.scimUrl, '--keys', 'region,ssoDepartment,nope', '--json']);
    expect(error).toBeInstanceOf(DoctorFailedError);
    expect(error).not.toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe('doctor: 2 of 7 checks failed: key:ssoDepartment, key:nope');
    const report = JSON.parse(out) as DoctorReport;
    expect(report.ok).toBe(false);
    expect(report.checks.filter((c) => c.status === 'fail').map((c) => c.id)).toEqual(['key:ssoDepartment', 'key:nope']);
  });

  it('marks failures ✗ and skips - in human output; a bad token never shows', async () => {
    const { out, error } = await run(ARGS(), { DOMO_SCIM_TOKEN: `${TOKEN}-wrong` });
    expect(error).toBeInstanceOf(DoctorFailedError);
    expect(out).not.toContain(`${TOKEN}-wrong`);
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^✗ token: 401 from Domo: DOMO_SCIM_TOKEN is not accepted/);
    expect(lines.slice(1).every((l) => l.startsWith('- '))).toBe(true);
  });

  it('reads the URL and auth scheme from the environment', async () => {
    const { error } = await run(['doctor', '--keys', 'region'], {
      DOMO_SCIM_TOKEN: TOKEN,
      DOMO_SCIM_URL: em.scimUrl,
      DOMO_SCIM_AUTH_SCHEME: 'developer-token',
    });
    expect(error).toBeUndefined();
  });

  it('reads managed keys from the synthesized project in --dir', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-cli-'));
    try {
      writeFixtureStack(join(dir, 'cdktf.out', 'stacks', 'franchise'), { url: em.scimUrl, authScheme: 'bearer' }, [
        {
          path: 'app/Attributes',
          kind: 'user-attributes',
          construct: { managedKeys: ['region', 'trainingScore'], removalPolicy: 'clear', desiredUsers: [] },
          instances: new Map(),
        },
      ]);
      const { out, err, error } = await run(['doctor', '--url', em.scimUrl, '--dir', dir]);
      expect(error).toBeUndefined();
      expect(err).toBe(`From 1 construct file(s) in ${join(dir, 'cdktf.out')}: managed keys: region, trainingScore; role ids: (none)\n`);
      expect(out).toContain('✓ key:region:');
      expect(out).toContain('✓ key:trainingScore:');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('checks every key and role of the synthesized sample stack, trainingCertified and the roles of DomoUsers included, and all pass on the sample seed', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'doctor-sample-'));
    try {
      const app = new App({ outdir: join(dir, 'cdktf.out') });
      new FranchiseIdentityStack(app, 'franchise-identity', {
        scim: { url: em.scimUrl },
        roster: readCsvFile(join(ROOT, 'data', 'franchise-roster.csv')),
        training: readCsvFile(join(ROOT, 'data', 'training-completions.csv')),
      });
      app.synth();
      const { out, err, error } = await run(['doctor', '--dir', dir, '--json'], { DOMO_SCIM_TOKEN: TOKEN, DOMO_SCIM_URL: em.scimUrl });
      expect(error).toBeUndefined();
      expect(err).toBe(
        `From 2 construct file(s) in ${join(dir, 'cdktf.out')}: managed keys: trainingCertified, franchise, storeNumber, region, trainingCompleted, trainingScore; role ids: 1, 2, 3, 4, 5\n`,
      );
      const report = JSON.parse(out) as DoctorReport;
      expect(report.checks.map((c) => `${c.status} ${c.id}`)).toEqual([
        'pass token',
        'pass grant:users-read',
        'skip grant:users-write',
        'pass grant:groups',
        'pass key:trainingCertified',
        ...SAMPLE_KEYS.map((k) => `pass key:${k}`),
        ...['1', '2', '3', '4', '5'].map((id) => `pass role:${id}`),
      ]);
      expect(report.ok).toBe(true);
      expect(check(report, 'key:trainingCertified').message).toBe(
        'key trainingCertified is defined in Domo and writable through the API (value sources: managed)',
      );
      expect(check(report, 'role:3').message).toBe('role Editor exists (id 3)');
      // drift reads the same construct files, with its own schemas: the added lists do not disturb it.
      const desired = loadDesiredState(join(dir, 'cdktf.out', 'stacks', 'franchise-identity'));
      const people = desired.desired.get('users')!.sets as Array<{ constructPath: string; users: unknown[] }>;
      expect(people.filter((s) => s.constructPath.endsWith('Employees')).map((s) => [s.constructPath, s.users.length])).toEqual([
        ['franchise-identity/Employees', 12],
      ]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['no token', ['doctor'], {}, /DOMO_SCIM_TOKEN is not set/],
    ['an empty token', ['doctor'], { DOMO_SCIM_TOKEN: '  ' }, /DOMO_SCIM_TOKEN is empty/],
    ['an unknown auth scheme', ['doctor'], { DOMO_SCIM_TOKEN: TOKEN, DOMO_SCIM_AUTH_SCHEME: 'basic' }, /DOMO_SCIM_AUTH_SCHEME/],
    ['an empty --keys', ['doctor', '--keys', ' , '], { DOMO_SCIM_TOKEN: TOKEN }, /--keys needs at least one value/],
    [
      'a URL that is not a SCIM root',
      ['doctor', '--url', 'https://acme.domo.com', '--keys', 'region'],
      { DOMO_SCIM_TOKEN: TOKEN },
      /is not a Domo SCIM URL/,
    ],
  ])('throws ConfigError (exit 2) for %s', async (_name, args, env, message) => {
    const { error } = await run(args, env);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(message);
  });
});
