import { ScimClient } from '../../src/domo/scim/client';
import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { reconcileGroup, removeGroup } from '../../src/handlers/directory-groups';
import { TARGETED_LOOKUP_LIMIT } from '../../src/handlers/user-ids';
import { groupManifestFiles, type GroupFile, type GroupsConstructFile, type DesiredGroup } from '../../src/model/directory-groups';

const TOKEN = 'group-handler-token';
const email = (n: number) => `u${n}@acme.com`;

function files(
  groups: DesiredGroup[],
  options: Partial<{ membership: 'authoritative' | 'additive'; removalPolicy: 'retain' | 'delete' }> = {},
) {
  return groupManifestFiles({
    constructPath: 'test/Groups',
    scim: { url: 'http://127.0.0.1:1', authScheme: 'bearer' },
    membership: options.membership ?? 'authoritative',
    removalPolicy: options.removalPolicy ?? 'retain',
    groups,
  });
}
const groupFile = (group: DesiredGroup, options?: Parameters<typeof files>[1]) =>
  [...files([group], options).values()].find((f) => f.kind === 'directory-group') as GroupFile;
const constructFile = (groups: DesiredGroup[], options?: Parameters<typeof files>[1]) =>
  files(groups, options).get('construct.json') as GroupsConstructFile;

describe('directory group handlers against the local SCIM service', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const live = (name: string) => emulator.store.findGroupByDisplayName(name);

  beforeEach(async () => {
    emulator = await startEmulator({
      port: 0,
      token: TOKEN,
      seed: Seed.parse({
        users: Array.from({ length: 60 }, (_, i) => ({ id: String(i + 1), userName: email(i + 1) })),
        groups: [{ id: '5001', displayName: 'Sales', domoDisplayName: 'Sales team', members: ['1', '2', '3'] }],
      }),
    });
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('creates a missing group with its fields and members', async () => {
    const outcomes = await reconcileGroup(
      client,
      groupFile({ displayName: 'Ops', description: 'Ops team', members: [email(4), email(5)] }),
      { concurrency: 4 },
    );
    expect(outcomes).toEqual([{ identity: 'Ops', status: 'created', detail: `members +2 (${email(4)}, ${email(5)})` }]);
    expect(live('Ops')).toMatchObject({ description: 'Ops team', members: ['4', '5'] });
  });

  it('keeps the id, patches changed fields, and sends only the membership difference', async () => {
    const outcomes = await reconcileGroup(
      client,
      groupFile({ displayName: 'SALES', domoDisplayName: 'Sales', members: [email(2), email(3), email(4)] }),
      { concurrency: 4 },
    );
    expect(outcomes).toEqual([
      {
        identity: 'SALES',
        status: 'updated',
        detail: 'displayName "Sales" -> "SALES"; domoDisplayName "Sales team" -> "Sales"; members +1 (u4@acme.com) -1 (u1@acme.com)',
      },
    ]);
    expect(live('Sales')).toMatchObject({ id: '5001', displayName: 'SALES', domoDisplayName: 'Sales', members: ['2', '3', '4'] });
    const patches = emulator.requests.filter((r) => r.method === 'PATCH');
    expect(patches).toHaveLength(2);
  });

  it('never removes in additive mode', async () => {
    await reconcileGroup(client, groupFile({ displayName: 'Sales', members: [email(9)] }, { membership: 'additive' }), { concurrency: 4 });
    expect(live('Sales')!.members).toEqual(['1', '2', '3', '9']);
  });

  it('resolves many members with one listing instead of a lookup each', async () => {
    const members = Array.from({ length: TARGETED_LOOKUP_LIMIT + 20 }, (_, i) => email(i + 1));
    await reconcileGroup(client, groupFile({ displayName: 'Big', members }), { concurrency: 4 });
    expect(live('Big')!.members).toHaveLength(members.length);
    const lookups = emulator.requests.filter((r) => r.method === 'GET' && r.path === '/Users');
    expect(lookups.every((r) => r.query.filter === undefined)).toBe(true);
    expect(lookups.length).toBeLessThanOrEqual(2);
  });

  it('names members missing in Domo after applying the others', async () => {
    const outcomes = await reconcileGroup(client, groupFile({ displayName: 'Sales', members: [email(1), 'ghost@acme.com'] }), {
      concurrency: 4,
    });
    expect(outcomes.map((o) => [o.identity, o.status, o.error])).toEqual([
      ['Sales', 'updated', undefined],
      ['Sales member ghost@acme.com', 'failed', 'not found in Domo (create the user in Domo, or remove them from the group)'],
    ]);
    expect(live('Sales')!.members).toEqual(['1']);
  });

  it('fails naming the group and each member when Domo accepts the membership PATCH but does not apply it', async () => {
    emulator.addFault({ kind: 'accepted-not-applied', method: 'PATCH', pathPattern: '^/Groups/5001$', times: 1 });
    const outcomes = await reconcileGroup(client, groupFile({ displayName: 'Sales', members: [email(2), email(3), email(4)] }), {
      concurrency: 4,
    });
    expect(outcomes).toEqual([
      {
        identity: 'Sales',
        status: 'failed',
        error: `Domo did not keep the membership (read back after the update): not members: 1 (${email(4)}); still members: 1 (${email(1)})`,
      },
    ]);
    expect(emulator.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([204]);
    expect(live('Sales')!.members).toEqual(['1', '2', '3']);
    // The next run (Terraform replaces the tainted instance) applies it.
    expect(
      (await reconcileGroup(client, groupFile({ displayName: 'Sales', members: [email(2), email(3), email(4)] }), { concurrency: 4 }))[0]!
        .status,
    ).toBe('updated');
    expect(live('Sales')!.members).toEqual(['2', '3', '4']);
  });

  it('removal: keeps desired groups, retains or deletes the others', async () => {
    expect(
      await removeGroup(client, constructFile([{ displayName: 'sales', members: [] }], { removalPolicy: 'delete' }), 'Sales', false),
    ).toEqual({ identity: 'Sales', status: 'kept' });
    expect(await removeGroup(client, constructFile([]), 'Sales', false)).toEqual({ identity: 'Sales', status: 'retained' });
    expect(live('Sales')).toBeDefined();
    expect(await removeGroup(client, constructFile([], { removalPolicy: 'delete' }), 'Sales', false)).toEqual({
      identity: 'Sales',
      status: 'deleted',
      detail: 'group 5001 deleted',
    });
    expect(live('Sales')).toBeUndefined();
    expect(await removeGroup(client, constructFile([], { removalPolicy: 'delete' }), 'Sales', false)).toEqual({
      identity: 'Sales',
      status: 'absent',
    });
  });
});
