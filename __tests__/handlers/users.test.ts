import { ScimClient } from '../../src/domo/scim/client';
import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { reconcileUsers } from '../../src/handlers/users';
import { removeUsers } from '../../src/handlers/user-removal';
import { failureReport, type Outcome } from '../../src/engine/outcome';
import { userKey } from '../../src/model/user-attributes';
import type { NormalizedUser } from '../../src/model/users';
import type { UsersConstructFile } from '../../src/model/users-manifest';

const TOKEN = 'users-handler-token';
const OPTIONS = { concurrency: 1 };

const user = (userName: string, fields: Record<string, string> = {}): NormalizedUser => ({
  userName,
  fields: { displayName: userName.split('@')[0]!, ...fields },
  customAttributes: {},
});
const BOSS = user('boss@acme.com', { role: '3', title: 'Store manager' });
const REPORT = user('ann@acme.com', { role: '4', manager: 'Boss@acme.com' });

describe('DomoUsers create handler: managers new in the same deploy', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const live = (userName: string) => emulator.snapshot().users.filter((u) => userKey(u.userName) === userKey(userName));
  const posts = () =>
    emulator.requests
      .filter((r) => r.method === 'POST' && r.path === '/Users')
      .map((r) => `${(r.body as { userName: string }).userName} ${r.status}`);
  const statuses = (outcomes: Outcome[]) => outcomes.map((o) => `${o.identity} ${o.status}${o.error ? `: ${o.error}` : ''}`);

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: Seed.parse({ users: [{ id: '1001', userName: 'old@acme.com' }] }) });
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('creates a new user and their new manager of the same shard in one run, then sets the manager', async () => {
    // ann sorts first, so she is created while her manager does not exist yet.
    const outcomes = await reconcileUsers(client, [REPORT, BOSS], OPTIONS);
    expect(statuses(outcomes)).toEqual(['ann@acme.com created', 'boss@acme.com created']);
    const [boss] = live('boss@acme.com');
    expect(live('ann@acme.com')).toEqual([expect.objectContaining({ managerId: boss!.id, roleId: 4 })]);
    expect(posts()).toEqual(['ann@acme.com 201', 'boss@acme.com 201']);
    // The POST of ann carries no manager; one PATCH sets it once the manager has an id.
    const patches = emulator.requests.filter((r) => r.method === 'PATCH');
    expect(patches.map((r) => [r.path, (r.body as { Operations: unknown[] }).Operations])).toEqual([
      [
        `/Users/${live('ann@acme.com')[0]!.id}`,
        [{ op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager', value: { value: boss!.id } }],
      ],
    ]);
  });

  it('creates a manager of another shard that Domo does not have yet, and that shard later creates nothing again', async () => {
    const first = await reconcileUsers(client, [REPORT], OPTIONS, [BOSS]);
    expect(first).toEqual([
      { identity: 'ann@acme.com', status: 'created', detail: 'new user' },
      { identity: 'boss@acme.com', status: 'created', detail: 'manager of ann@acme.com, created ahead of their own shard' },
    ]);
    expect(live('boss@acme.com')).toEqual([expect.objectContaining({ displayName: 'boss', roleId: 3, title: 'Store manager' })]);
    expect(live('ann@acme.com')[0]!.managerId).toBe(live('boss@acme.com')[0]!.id);
    const second = await reconcileUsers(client, [BOSS], OPTIONS);
    expect(statuses(second)).toEqual(['boss@acme.com unchanged']);
    expect(posts()).toEqual(['ann@acme.com 201', 'boss@acme.com 201']);
  });

  it('uses a manager that the other shard created first, without creating it again', async () => {
    await reconcileUsers(client, [BOSS], OPTIONS);
    emulator.resetRequests();
    const outcomes = await reconcileUsers(client, [REPORT], OPTIONS, [BOSS]);
    expect(statuses(outcomes)).toEqual(['ann@acme.com created']);
    expect(posts()).toEqual(['ann@acme.com 201']);
    expect(live('ann@acme.com')[0]!.managerId).toBe(live('boss@acme.com')[0]!.id);
  });

  it('adopts a user another shard created between the lookup and the POST: Domo refuses the second, nobody exists twice', async () => {
    await reconcileUsers(client, [user('boss@acme.com', { role: '3' })], OPTIONS);
    emulator.resetRequests();
    // The other shard's user appears just after this shard looked and found nobody.
    const lookup = client.findUserByUserName.bind(client);
    let stale = true;
    client.findUserByUserName = async (name, opts) => {
      if (stale && userKey(name) === 'boss@acme.com') {
        stale = false;
        return undefined;
      }
      return lookup(name, opts);
    };
    const outcomes = await reconcileUsers(client, [BOSS], OPTIONS);
    expect(posts()).toEqual(['boss@acme.com 409']);
    expect(outcomes).toEqual([{ identity: 'boss@acme.com', status: 'updated', detail: 'title (none) -> "Store manager"' }]);
    expect(live('boss@acme.com')).toEqual([expect.objectContaining({ title: 'Store manager' })]);
  });

  it('converges when both shards run at once: each user exists once, with the right manager', async () => {
    const [a, b] = await Promise.all([
      reconcileUsers(client, [REPORT], { concurrency: 4 }, [BOSS]),
      reconcileUsers(client, [BOSS], { concurrency: 4 }),
    ]);
    expect([...a!, ...b!].filter((o) => o.status === 'failed')).toEqual([]);
    expect(live('boss@acme.com')).toHaveLength(1);
    expect(live('ann@acme.com')).toEqual([expect.objectContaining({ managerId: live('boss@acme.com')[0]!.id })]);
    expect(
      posts()
        .filter((p) => p.endsWith(' 201'))
        .sort(),
    ).toEqual(['ann@acme.com 201', 'boss@acme.com 201']);
  });

  it('fails a user whose manager is neither in Domo nor in the construct, before writing anything for them', async () => {
    const outcomes = await reconcileUsers(
      client,
      [user('cy@acme.com', { manager: 'ghost@acme.com' }), user('dee@acme.com', { manager: 'old@acme.com' })],
      OPTIONS,
    );
    expect(statuses(outcomes)).toEqual([
      "cy@acme.com failed: manager ghost@acme.com not found in Domo (nor among this construct's users)",
      'dee@acme.com created',
    ]);
    expect(posts()).toEqual(['dee@acme.com 201']);
    expect(live('dee@acme.com')[0]!.managerId).toBe('1001');
  });

  it('names why a manager is missing when creating them failed', async () => {
    const badBoss = user('boss@acme.com', { role: '999' });
    const outcomes = await reconcileUsers(client, [REPORT], OPTIONS, [badBoss]);
    expect(outcomes.map((o) => o.identity)).toEqual(['ann@acme.com', 'boss@acme.com']);
    expect(outcomes[0]!.error).toMatch(
      /^manager Boss@acme\.com not found in Domo \(creating them failed: SCIM POST \/Users failed with 400 invalidValue: Unknown role id/,
    );
    expect(outcomes[1]!.error).toMatch(/^could not be created as manager of ann@acme\.com: SCIM POST \/Users failed with 400/);
    // ann herself exists, without a manager; the shard fails and the next deploy retries.
    expect(live('ann@acme.com')[0]!.managerId).toBeUndefined();
  });
});

describe('DomoUsers destroy handler: delete failures', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const construct: UsersConstructFile = {
    version: 1,
    kind: 'users',
    constructPath: 'test/Users',
    scim: { url: 'http://127.0.0.1:1', authScheme: 'bearer' },
    removalPolicy: 'delete',
    desiredUsers: ['kept@acme.com'],
  };
  const remove = (names: string[]) => removeUsers(client, construct, names, { concurrency: 1, teardown: false });
  const exists = (userName: string) => emulator.store.findUserByUserName(userName) !== undefined;
  const scimError = (status: number, detail: string) =>
    JSON.stringify({ schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'], status: String(status), detail });

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
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN, retry: { maxAttempts: 2 }, sleep: async () => {} });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it("keeps a dataset owner, named with Domo's reason, and deletes the rest", async () => {
    const outcomes = await remove(['kept@acme.com', 'owner@acme.com', 'leaver@acme.com', 'gone@acme.com']);
    expect(outcomes).toEqual([
      {
        identity: 'owner@acme.com',
        status: 'retained',
        detail:
          'NOT DELETED: User 1002 (owner@acme.com) owns DataSets or DataFlows; reassign their ownership to another user before deleting or deactivating this user.',
      },
      { identity: 'leaver@acme.com', status: 'deleted', detail: 'user 1003 deleted' },
      { identity: 'gone@acme.com', status: 'absent' },
    ]);
    expect([exists('kept@acme.com'), exists('owner@acme.com'), exists('leaver@acme.com')]).toEqual([true, true, false]);
  });

  it.each([
    ['403 (a missing grant)', 403, 'SCIM DELETE /Users/1003 failed with 403: Manage All Users is required'],
    ['404 while the user still exists', 404, 'SCIM DELETE /Users/1003 failed with 404: Manage All Users is required'],
    ['a 400 that is not about owned content', 400, 'SCIM DELETE /Users/1003 failed with 400: Manage All Users is required'],
  ])('fails the deploy on %s, naming the user and the reason, and still deletes the others', async (_name, status, message) => {
    emulator.addFault({
      kind: 'status',
      method: 'DELETE',
      pathPattern: '^/Users/1003$',
      status,
      times: 1,
      body: scimError(status, 'Manage All Users is required'),
    });
    const outcomes = await remove(['leaver@acme.com', 'other@acme.com']);
    expect(outcomes).toEqual([
      { identity: 'leaver@acme.com', status: 'failed', error: `not deleted: ${message}` },
      { identity: 'other@acme.com', status: 'deleted', detail: 'user 1004 deleted' },
    ]);
    expect(exists('leaver@acme.com')).toBe(true);
    expect(
      failureReport(
        'test/Users shard "0"',
        outcomes.filter((o) => o.status === 'failed'),
        'retry',
      ),
    ).toBe(`domo-identity: test/Users shard "0": 1 failed (retry):\n  - leaver@acme.com: not deleted: ${message}`);
  });

  it('fails the deploy on 5xx after the retries', async () => {
    emulator.addFault({
      kind: 'status',
      method: 'DELETE',
      pathPattern: '^/Users/1003$',
      status: 503,
      times: 5,
      body: scimError(503, 'try later'),
    });
    const [outcome] = await remove(['leaver@acme.com']);
    expect(outcome).toMatchObject({ identity: 'leaver@acme.com', status: 'failed' });
    expect(outcome!.error).toMatch(/^not deleted: SCIM DELETE \/Users\/1003 failed with 503: try later/);
    expect(emulator.requests.filter((r) => r.method === 'DELETE')).toHaveLength(2);
    expect(exists('leaver@acme.com')).toBe(true);
  });

  it('counts a user already gone as deleted: the delete took effect, its answer was an error, the retry answered 404', async () => {
    emulator.addFault({ kind: 'error-after-apply', method: 'DELETE', pathPattern: '^/Users/1003$', status: 502, times: 1 });
    const outcomes = await remove(['leaver@acme.com']);
    expect(outcomes).toEqual([{ identity: 'leaver@acme.com', status: 'deleted', detail: 'user 1003 deleted' }]);
    expect(emulator.requests.filter((r) => r.method === 'DELETE').map((r) => r.status)).toEqual([502, 404]);
  });

  it('retains without a request under the retain policy', async () => {
    const outcomes = await removeUsers(client, { ...construct, removalPolicy: 'retain' }, ['leaver@acme.com'], {
      concurrency: 1,
      teardown: false,
    });
    expect(outcomes).toEqual([{ identity: 'leaver@acme.com', status: 'retained' }]);
    expect(emulator.requests).toEqual([]);
  });
});
