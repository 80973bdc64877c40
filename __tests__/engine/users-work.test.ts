import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { userKey } from '../../src/model/identity';
import type { NormalizedUser } from '../../src/kinds/users/model';
import { EngineFixture, lines, type FixtureConstruct } from '../support/engine-fixture';

const TOKEN = 'users-engine-token';
const PATH = 'test/Users';

const user = (userName: string, fields: Record<string, string> = {}): NormalizedUser => ({
  userName,
  fields: { displayName: userName.split('@')[0]!, ...fields },
  customAttributes: {},
});
const BOSS = user('boss@acme.com', { role: '3', title: 'Store manager' });
const REPORT = user('ann@acme.com', { role: '4', manager: 'Boss@acme.com' });

function users(shards: Record<string, NormalizedUser[]>, removalPolicy: 'retain' | 'delete' = 'retain'): FixtureConstruct {
  const all = Object.values(shards).flat();
  return {
    path: PATH,
    kind: 'users',
    construct: { removalPolicy, desiredUsers: all.map((u) => userKey(u.userName)), customAttributeKeys: [], roleIds: [] },
    instances: new Map(Object.entries(shards).map(([shard, list]) => [shard, { shard, users: list }])),
  };
}

describe('DomoUsers work in the engine: users and managers new in the same deploy', () => {
  let emulator: RunningEmulator;
  let fixture: EngineFixture;
  const live = (userName: string) => emulator.snapshot().users.filter((u) => userKey(u.userName) === userKey(userName));
  const posts = () =>
    emulator.requests
      .filter((r) => r.method === 'POST' && r.path === '/Users')
      .map((r) => `${(r.body as { userName: string }).userName} ${r.status}`);
  const stack = (constructs: FixtureConstruct[]) => {
    fixture = new EngineFixture({ url: emulator.scimUrl, authScheme: 'bearer' }, TOKEN, constructs);
  };

  beforeEach(async () => {
    emulator = await startEmulator({
      port: 0,
      token: TOKEN,
      seed: Seed.parse({ users: [{ id: '1001', userName: 'old@acme.com' }], roles: [{ id: 101, name: 'Store Manager' }] }),
    });
  });
  afterEach(async () => {
    await fixture?.close();
    await emulator.close();
  });

  it('resolves a custom role given by name to its id at deploy, and fails a user whose role Domo does not have', async () => {
    stack([users({ a: [user('old@acme.com', { role: 'name:store manager' }), user('new@acme.com', { role: 'name:Regional Lead' })] })]);
    const verdict = await fixture.create(PATH, 'a');
    expect(live('old@acme.com')[0]!.roleId).toBe(101);
    expect(verdict.stdout).toContain('role Participant (4) -> Store Manager (101)');
    expect(verdict.stderr).toContain(
      '  - new@acme.com: creating them (DomoUsers) failed: role "Regional Lead" does not exist in Domo: create it in Admin > Roles, or use one of',
    );
    expect(emulator.requests.filter((r) => r.path.endsWith('/roles'))).toHaveLength(1);
  });

  it('creates a new user and their new manager of the same shard in one run, then sets the manager', async () => {
    stack([users({ a: [REPORT, BOSS] })]);
    const verdict = await fixture.create(PATH, 'a');
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Users shard "a": 2 checked, 2 created',
      `  created ann@acme.com: new user, manager (none) -> "${live('boss@acme.com')[0]!.id}"`,
      '  created boss@acme.com: new user',
    ]);
    const [boss] = live('boss@acme.com');
    expect(live('ann@acme.com')).toEqual([expect.objectContaining({ managerId: boss!.id, roleId: 4 })]);
    expect(posts().sort()).toEqual(['ann@acme.com 201', 'boss@acme.com 201']);
    const patches = emulator.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, (r.body as { Operations: unknown[] }).Operations])).toEqual([
      [
        `/Users/${live('ann@acme.com')[0]!.id}`,
        [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: { value: boss!.id } }],
      ],
    ]);
  });

  it("creates a manager of another shard first, whichever shard Terraform runs first; the manager's shard then creates nothing again", async () => {
    stack([users({ reports: [REPORT], bosses: [BOSS] })]);
    expect((await fixture.create(PATH, 'reports')).code).toBe(0);
    expect(live('boss@acme.com')).toEqual([expect.objectContaining({ displayName: 'boss', roleId: 3, title: 'Store manager' })]);
    expect(live('ann@acme.com')[0]!.managerId).toBe(live('boss@acme.com')[0]!.id);
    expect(lines(await fixture.create(PATH, 'bosses'))).toEqual([
      'domo-identity: test/Users shard "bosses": 1 checked, 1 created',
      '  created boss@acme.com: new user',
    ]);
    expect(posts().sort()).toEqual(['ann@acme.com 201', 'boss@acme.com 201']);
  });

  it('converges when both shards run at once: each user exists once, with the right manager', async () => {
    stack([users({ reports: [REPORT], bosses: [BOSS] })]);
    const verdicts = await Promise.all([fixture.create(PATH, 'reports'), fixture.create(PATH, 'bosses')]);
    expect(verdicts.map((v) => v.code)).toEqual([0, 0]);
    expect(live('boss@acme.com')).toHaveLength(1);
    expect(live('ann@acme.com')).toEqual([expect.objectContaining({ managerId: live('boss@acme.com')[0]!.id })]);
    expect(posts().sort()).toEqual(['ann@acme.com 201', 'boss@acme.com 201']);
  });

  it('adopts a user someone else created after the directory saw nobody: Domo refuses the second POST, nobody exists twice', async () => {
    stack([users({ a: [BOSS] })]);
    // The directory reads Domo first and finds no boss; then another writer creates them.
    await fixture.engine.domain(fixture.scim).users.find(['boss@acme.com']);
    emulator.store.putUser({ id: '2001', userName: 'boss@acme.com', displayName: 'boss', roleId: 3 });
    const verdict = await fixture.create(PATH, 'a');
    expect(posts()).toEqual(['boss@acme.com 409']);
    expect(lines(verdict)).toEqual(['domo-identity: test/Users shard "a": 1 checked, 1 created', '  created boss@acme.com: new user']);
    // Adopted, then given what the POST would have set, in the same deploy.
    expect(live('boss@acme.com')).toEqual([expect.objectContaining({ id: '2001', title: 'Store manager' })]);
  });

  it('fails a user whose manager is neither in Domo nor in the stack, and still creates the others', async () => {
    stack([users({ a: [user('cy@acme.com', { manager: 'ghost@acme.com' }), user('dee@acme.com', { manager: 'old@acme.com' })] })]);
    const verdict = await fixture.create(PATH, 'a');
    expect(verdict.code).toBe(1);
    expect(verdict.stderr).toContain(
      '  - cy@acme.com: their manager ghost@acme.com: not found in Domo (create the user in Domo, manage them with DomoUsers in this stack, or remove them from the dataset)',
    );
    expect(live('dee@acme.com')[0]!.managerId).toBe('1001');
  });

  it('names why a manager is missing when creating them failed', async () => {
    stack([users({ reports: [REPORT], bosses: [user('boss@acme.com', { role: '999' })] })]);
    const verdict = await fixture.create(PATH, 'reports');
    expect(verdict.stderr).toMatch(
      /- ann@acme\.com: their manager Boss@acme\.com: creating them \(DomoUsers\) failed: SCIM POST \/Users failed with 400 invalidValue: Unknown role id/,
    );
    // ann herself exists, without a manager; the shard fails and the next deploy retries.
    expect(live('ann@acme.com')[0]!.managerId).toBeUndefined();
  });
});

describe('DomoUsers destroy work: delete failures', () => {
  let emulator: RunningEmulator;
  let fixture: EngineFixture;
  const exists = (userName: string) => emulator.store.findUserByUserName(userName) !== undefined;
  const old = (...names: string[]) => JSON.stringify(Object.fromEntries(names.map((n) => [n, 'x'])));
  const scimError = (status: number, detail: string) =>
    JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });
  const remove = (...names: string[]) => fixture.destroy(PATH, '0', old(...names));

  beforeEach(async () => {
    emulator = await startEmulator({
      port: 0,
      token: TOKEN,
      seed: Seed.parse({
        users: [
          { id: '1001', userName: 'kept@acme.com' },
          { id: '1002', userName: 'owner@acme.com', ownsDatasets: true },
          { id: '1003', userName: 'leaver@acme.com' },
          { id: '1004', userName: 'other@acme.com' },
        ],
      }),
    });
    // Two attempts and no waiting, so "5xx after the retries" takes no time.
    fixture = new EngineFixture(
      { url: emulator.scimUrl, authScheme: 'bearer' },
      TOKEN,
      [users({ 0: [user('kept@acme.com')] }, 'delete')],
      {},
      {
        retry: { maxAttempts: 2 },
        sleep: async () => {},
      },
    );
  });
  afterEach(async () => {
    await fixture.close();
    await emulator.close();
  });

  it("keeps a dataset owner, named with Domo's reason, and deletes the rest", async () => {
    const verdict = await remove('kept@acme.com', 'owner@acme.com', 'leaver@acme.com', 'gone@acme.com');
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Users shard "0" (removal policy delete): 3 checked, 1 retained, 1 deleted, 1 absent',
      '  retained owner@acme.com: NOT DELETED: User 1002 (owner@acme.com) owns DataSets or DataFlows; reassign their ownership to another user before deleting or deactivating this user.',
      '  deleted leaver@acme.com: user 1003 deleted',
    ]);
    expect([exists('kept@acme.com'), exists('owner@acme.com'), exists('leaver@acme.com')]).toEqual([true, true, false]);
  });

  it.each([
    ['403 (a missing grant)', 403, 'SCIM DELETE /Users/1003 failed with 403: Manage All Users is required'],
    ['404 while the user still exists', 404, 'SCIM DELETE /Users/1003 failed with 404: Manage All Users is required'],
    ['a 400 that is not about owned content', 400, 'SCIM DELETE /Users/1003 failed with 400: Manage All Users is required'],
  ])('fails the instance on %s, naming the user and the reason, and still deletes the others', async (_name, status, message) => {
    emulator.addFault({
      kind: 'status',
      method: 'DELETE',
      pathPattern: '^/Users/1003$',
      status,
      times: 1,
      body: scimError(status, 'Manage All Users is required'),
    });
    const verdict = await remove('leaver@acme.com', 'other@acme.com');
    expect(verdict.code).toBe(1);
    expect(verdict.stderr).toBe(
      `domo-identity: test/Users shard "0" (removal policy delete): 1 failed (the removal is retried on the next deploy):\n  - leaver@acme.com: not deleted: ${message}\n`,
    );
    expect([exists('leaver@acme.com'), exists('other@acme.com')]).toEqual([true, false]);
  });

  it('fails the instance on 5xx after the retries', async () => {
    emulator.addFault({
      kind: 'status',
      method: 'DELETE',
      pathPattern: '^/Users/1003$',
      status: 503,
      times: 5,
      body: scimError(503, 'try later'),
    });
    const verdict = await remove('leaver@acme.com');
    expect(verdict.stderr).toMatch(/- leaver@acme\.com: not deleted: SCIM DELETE \/Users\/1003 failed with 503: try later/);
    expect(emulator.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(exists('leaver@acme.com')).toBe(true);
  });

  it('counts a user already gone as deleted: the delete took effect, its answer was an error, the retry answered 404', async () => {
    emulator.addFault({ kind: 'error-after-apply', method: 'DELETE', pathPattern: '^/Users/1003$', status: 502, times: 1 });
    expect(lines(await remove('leaver@acme.com'))).toEqual([
      'domo-identity: test/Users shard "0" (removal policy delete): 1 checked, 1 deleted',
      '  deleted leaver@acme.com: user 1003 deleted',
    ]);
    expect(emulator.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([502, 404]);
  });
});
