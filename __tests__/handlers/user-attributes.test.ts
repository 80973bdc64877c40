import { ScimClient } from '../../src/domo/scim/client';
import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { reconcileShard, removeDeparted } from '../../src/handlers/user-attributes';
import { CONSTRUCT_FILE, manifestFiles, type UserAttributesConstructFile, type UserAttributesManifest } from '../../src/model/manifest';

const TOKEN = 'handler-test-token';

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

/** The construct file the destroy handler reads, built the way synth builds it. */
function manifest(shards: UserAttributesManifest['shards'], overrides: Partial<UserAttributesManifest> = {}): UserAttributesConstructFile {
  return manifestFiles({
    version: 1,
    kind: 'user-attributes',
    constructPath: 'test/Attrs',
    scim: { url: 'http://127.0.0.1:1', authScheme: 'bearer' },
    managedKeys: ['storeNumber', 'offices'],
    removalPolicy: 'clear',
    shards,
    ...overrides,
  }).get(CONSTRUCT_FILE) as UserAttributesConstructFile;
}

const MANAGED = ['storeNumber', 'offices'];

describe('user attribute handlers against the local SCIM service', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const attrs = (id: string) => emulator.store.getUser(id)!.customAttributes;

  beforeEach(async () => {
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: seed() });
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('patches only differing keys, matches userNames case-insensitively, and treats value order as no difference', async () => {
    const users = [
      { userName: 'jane@acme.com', attributes: { storeNumber: ['101'], offices: ['NY', 'CA'] } },
      { userName: 'bob@acme.com', attributes: { storeNumber: ['200'], offices: [] } },
    ];
    const outcomes = await reconcileShard(client, MANAGED, users, { concurrency: 4 });
    expect(outcomes).toEqual([
      { identity: 'jane@acme.com', status: 'updated', changes: [{ key: 'storeNumber', from: ['100'], to: ['101'] }] },
      { identity: 'bob@acme.com', status: 'unchanged' },
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

  it('reports a missing user and a key Domo does not keep, and still reconciles the rest', async () => {
    const users = [
      { userName: 'nobody@acme.com', attributes: { storeNumber: ['1'], ssoRegion: [] } },
      { userName: 'jane@acme.com', attributes: { storeNumber: ['100'], ssoRegion: ['north'] } },
      { userName: 'bob@acme.com', attributes: { storeNumber: ['201'], ssoRegion: [] } },
    ];
    const outcomes = await reconcileShard(client, ['storeNumber', 'ssoRegion'], users, { concurrency: 1 });
    expect(outcomes.map((o) => [o.identity, o.status])).toEqual([
      ['nobody@acme.com', 'failed'],
      ['jane@acme.com', 'failed'],
      ['bob@acme.com', 'updated'],
    ]);
    expect(outcomes[0]!.error).toBe('not found in Domo (create the user in Domo, or remove them from the dataset)');
    expect(outcomes[1]!.error).toBe('Domo did not keep ssoRegion "north", it still has "west" (is the key\'s value source IdP only?)');
    expect(attrs('2')).toEqual({ storeNumber: ['201'] });
  });

  it('clears the managed keys of users desired nowhere, leaving moved users and other keys alone', async () => {
    const m = manifest({ other: [{ userName: 'BOB@acme.com', attributes: { storeNumber: ['200'], offices: [] } }] });
    const outcomes = await removeDeparted(client, m, ['bob@acme.com', 'gone@acme.com', 'deleted@acme.com'], {
      concurrency: 2,
      teardown: false,
    });
    expect(outcomes).toEqual([
      { identity: 'gone@acme.com', status: 'cleared', changes: [{ key: 'storeNumber', from: ['300'], to: [] }] },
      { identity: 'deleted@acme.com', status: 'absent' },
    ]);
    expect(attrs('3')).toEqual({ ssoRegion: ['east'] });
    expect(attrs('2')).toEqual({ storeNumber: ['200'] });
  });

  it('retains when the policy says so, and clears everyone on an explicit teardown', async () => {
    const retain = manifest({}, { removalPolicy: 'retain' });
    expect(await removeDeparted(client, retain, ['gone@acme.com'], { concurrency: 1, teardown: false })).toEqual([
      { identity: 'gone@acme.com', status: 'retained' },
    ]);
    expect(emulator.requests).toEqual([]);

    const everyone = manifest({ a: [{ userName: 'bob@acme.com', attributes: { storeNumber: ['200'], offices: [] } }] });
    await removeDeparted(client, everyone, ['bob@acme.com'], { concurrency: 1, teardown: true });
    expect(attrs('2')).toEqual({});
  });
});
