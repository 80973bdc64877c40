import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { writeRepairs } from '../../src/engine/repairs';
import { EngineFixture, lines } from '../support/engine-fixture';

const TOKEN = 'engine-test-token';
const PATH = 'test/Attrs';
const MANAGED = ['storeNumber', 'offices'];

function seed() {
  return Seed.parse({
    attributes: [
      { key: 'storeNumber', valueSources: ['managed'] },
      { key: 'offices', valueSources: ['managed', 'grant'] },
      { key: 'ssoRegion', valueSources: ['idp'] },
    ],
    idpOnlyWrites: 'ignore',
    users: [
      { id: '1', userName: 'Jane@Acme.com', customAttributes: { storeNumber: ['100'], offices: ['CA', 'NY'], ssoRegion: ['west'] } },
      { id: '2', userName: 'bob@acme.com', customAttributes: { storeNumber: ['200'] } },
      { id: '3', userName: 'gone@acme.com', customAttributes: { storeNumber: ['300'], ssoRegion: ['east'] } },
    ],
  });
}

type Users = Array<{ userName: string; attributes: Record<string, string[]> }>;

/** One DomoUserAttributes construct with the given shards. */
function attributes(shards: Record<string, Users>, options: { keys?: string[]; removalPolicy?: 'clear' | 'retain' } = {}) {
  const all = Object.values(shards).flat();
  return {
    path: PATH,
    kind: 'user-attributes' as const,
    construct: {
      managedKeys: options.keys ?? MANAGED,
      removalPolicy: options.removalPolicy ?? 'clear',
      desiredUsers: all.map((u) => u.userName.toLowerCase()),
    },
    instances: new Map(Object.entries(shards).map(([shard, users]) => [shard, { shard, users }])),
  };
}

describe('user attribute work in the engine, against the local SCIM service', () => {
  let emulator: RunningEmulator;
  let fixture: EngineFixture;
  const attrs = (id: string) => emulator.store.getUser(id)!.customAttributes;
  const stack = (shards: Record<string, Users>, options?: Parameters<typeof attributes>[1]) => {
    fixture = new EngineFixture({ url: emulator.scimUrl, authScheme: 'bearer' }, TOKEN, [attributes(shards, options)]);
  };

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: seed() });
  });
  afterEach(async () => {
    await fixture?.close();
    await emulator.close();
  });

  it('patches only differing keys, matches userNames case-insensitively, and treats value order as no difference', async () => {
    stack({
      a: [
        { userName: 'jane@acme.com', attributes: { storeNumber: ['101'], offices: ['NY', 'CA'] } },
        { userName: 'bob@acme.com', attributes: { storeNumber: ['200'], offices: [] } },
      ],
    });
    const verdict = await fixture.create(PATH, 'a');
    expect(verdict.code).toBe(0);
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Attrs shard "a": 2 checked, 1 updated, 1 unchanged',
      '  updated jane@acme.com: storeNumber "100" -> "101"',
    ]);
    const patches = emulator.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(1);
    expect(patches[0]!.body).toEqual({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [
        {
          op: 'replace',
          path: 'urn:ietf:params:scim:schemas:extension:custom:2.0:User:customAttributes[key eq "storeNumber"]',
          value: ['101'],
        },
      ],
    });
    expect(attrs('1')).toEqual({ storeNumber: ['101'], offices: ['CA', 'NY'], ssoRegion: ['west'] });
  });

  it('reports a missing user and a key Domo does not keep, and still reconciles the rest; the instance fails', async () => {
    stack(
      {
        a: [
          { userName: 'nobody@acme.com', attributes: { storeNumber: ['1'], ssoRegion: [] } },
          { userName: 'jane@acme.com', attributes: { storeNumber: ['100'], ssoRegion: ['north'] } },
          { userName: 'bob@acme.com', attributes: { storeNumber: ['201'], ssoRegion: [] } },
        ],
      },
      { keys: ['storeNumber', 'ssoRegion'] },
    );
    const verdict = await fixture.create(PATH, 'a');
    expect(verdict.code).toBe(1);
    expect(verdict.stderr.trim().split('\n')).toEqual([
      'domo-identity: test/Attrs shard "a": 2 failed (the shard is reconciled again on the next deploy):',
      '  - nobody@acme.com: not found in Domo (create the user in Domo, manage them with DomoUsers in this stack, or remove them from the dataset)',
      '  - jane@acme.com: Domo did not keep ssoRegion "north", it still has "west" (is the key\'s value source IdP only?)',
    ]);
    expect(attrs('2')).toEqual({ storeNumber: ['201'] });
  });

  it('clears the managed keys of users desired nowhere, leaving moved users and other keys alone', async () => {
    stack({ other: [{ userName: 'BOB@acme.com', attributes: { storeNumber: ['200'], offices: [] } }] });
    const old = JSON.stringify({ 'bob@acme.com': 'x', 'gone@acme.com': 'y', 'deleted@acme.com': 'z' });
    const verdict = await fixture.destroy(PATH, 'a', old);
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Attrs shard "a" (removal policy clear): 2 checked, 1 cleared, 1 absent',
      '  cleared gone@acme.com: storeNumber "300" -> (none)',
    ]);
    expect(attrs('3')).toEqual({ ssoRegion: ['east'] });
    expect(attrs('2')).toEqual({ storeNumber: ['200'] });
  });

  it('retains without a request when the policy says so, and clears everyone on an explicit teardown', async () => {
    stack({}, { removalPolicy: 'retain' });
    expect(lines(await fixture.destroy(PATH, 'a', JSON.stringify({ 'gone@acme.com': 'y' })))).toEqual([
      'domo-identity: test/Attrs shard "a" (removal policy retain): 1 checked, 1 retained',
    ]);
    expect(emulator.requests).toEqual([]);

    await fixture.close();
    fixture = new EngineFixture(
      { url: emulator.scimUrl, authScheme: 'bearer' },
      TOKEN,
      [attributes({ a: [{ userName: 'bob@acme.com', attributes: { storeNumber: ['200'], offices: [] } }] })],
      {
        DOMO_IDENTITY_TEARDOWN: 'true',
      },
    );
    await fixture.destroy(PATH, 'a', JSON.stringify({ 'bob@acme.com': 'x' }));
    expect(attrs('2')).toEqual({});
  });

  it('after a data change, writes and reads back only the users whose values changed (the old instance passed on by its destroy step)', async () => {
    const before = {
      a: [
        { userName: 'jane@acme.com', attributes: { storeNumber: ['100'], offices: ['CA', 'NY'] } },
        { userName: 'bob@acme.com', attributes: { storeNumber: ['200'], offices: [] } },
      ],
    };
    stack(before);
    const old = fixture.oldUsers(PATH, 'a');
    fixture.write([attributes({ a: [before.a[0]!, { userName: 'bob@acme.com', attributes: { storeNumber: ['201'], offices: [] } }] })]);
    await fixture.destroy(PATH, 'a', old);
    const verdict = await fixture.create(PATH, 'a');
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Attrs shard "a": 1 checked, 1 updated',
      '  updated bob@acme.com: storeNumber "200" -> "201"',
      '  note: 1 other user of this shard unchanged by this plan: not re-read',
    ]);
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /Users', 'PATCH /Users/2', 'GET /Users/2']);
  });

  it('reconciles everyone when the replacement changed no data (a -replace repair) or there was no old instance', async () => {
    stack({ a: [{ userName: 'jane@acme.com', attributes: { storeNumber: ['100'], offices: ['CA', 'NY'] } }] });
    const jane = emulator.store.getUser('1')!;
    emulator.store.putUser({ ...jane, customAttributes: { ...jane.customAttributes, storeNumber: ['999'] } });
    await fixture.destroy(PATH, 'a', fixture.oldUsers(PATH, 'a'));
    expect(lines(await fixture.create(PATH, 'a'))).toEqual([
      'domo-identity: test/Attrs shard "a": 1 checked, 1 updated',
      '  updated jane@acme.com: storeNumber "999" -> "100"',
    ]);
  });

  it('a repair reconciles the instance whole and clears users outside the desired state that still hold managed keys', async () => {
    stack({ a: [{ userName: 'jane@acme.com', attributes: { storeNumber: ['100'], offices: ['CA', 'NY'] } }] });
    writeRepairs(fixture.stackDir, {
      instances: [{ manifestDir: fixture.entry(PATH).manifestDir, key: 'a', remove: ['gone@acme.com', 'jane@acme.com'] }],
    });
    fixture.write([attributes({ a: [{ userName: 'jane@acme.com', attributes: { storeNumber: ['100'], offices: ['CA', 'NY'] } }] })]);
    expect(lines(await fixture.create(PATH, 'a'))).toEqual([
      'domo-identity: test/Attrs shard "a": 2 checked, 1 unchanged, 1 cleared',
      '  cleared gone@acme.com: storeNumber "300" -> (none)',
    ]);
    expect(attrs('3')).toEqual({ ssoRegion: ['east'] });
  });
});
