import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { type DesiredGroup } from '../../src/kinds/directory-groups/model';
import { EngineFixture, lines, type FixtureConstruct } from '../support/engine-fixture';
import { groupKey } from '../../src/model/identity';

const TOKEN = 'group-engine-token';
const PATH = 'test/Groups';
const email = (n: number) => `u${n}@acme.com`;

function groups(
  list: DesiredGroup[],
  options: { membership?: 'authoritative' | 'additive'; removalPolicy?: 'retain' | 'delete' } = {},
): FixtureConstruct {
  return {
    path: PATH,
    kind: 'directory-groups',
    construct: {
      membership: options.membership ?? 'authoritative',
      removalPolicy: options.removalPolicy ?? 'retain',
      desiredGroups: list.map((g) => groupKey(g.displayName)),
    },
    instances: new Map(list.map((group) => [group.displayName, { group }])),
  };
}

describe('directory group work in the engine, against the local SCIM service', () => {
  let emulator: RunningEmulator;
  let fixture: EngineFixture;
  const live = (name: string) => emulator.store.findGroupByDisplayName(name);
  const stack = (construct: FixtureConstruct) => {
    fixture = new EngineFixture({ url: emulator.scimUrl, authScheme: 'bearer' }, TOKEN, [construct]);
  };
  const reconcile = async (group: DesiredGroup, options?: Parameters<typeof groups>[1]) => {
    await fixture?.close();
    stack(groups([group], options));
    return fixture.create(PATH, group.displayName);
  };

  beforeEach(async () => {
    emulator = await startEmulator({
      port: 0,
      token: TOKEN,
      seed: Seed.parse({
        users: Array.from({ length: 60 }, (_, i) => ({ id: String(i + 1), userName: email(i + 1) })),
        groups: [{ id: '5001', displayName: 'Sales', domoDisplayName: 'Sales team', members: ['1', '2', '3'] }],
      }),
    });
  });
  afterEach(async () => {
    await fixture?.close();
    await emulator.close();
  });

  it('creates a missing group with its fields and members in one POST, and reads it back', async () => {
    const verdict = await reconcile({ displayName: 'Ops', description: 'Ops team', members: [email(4), email(5)] });
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Groups group "Ops": 1 checked, 1 created',
      '  created Ops: members +2 (u4@acme.com, u5@acme.com)',
    ]);
    expect(live('Ops')).toMatchObject({ description: 'Ops team', members: ['4', '5'] });
    expect(emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /Users',
      'GET /Users',
      'GET /Groups',
      'POST /Groups',
      'GET /Groups/5002',
    ]);
  });

  it('keeps the id, patches changed fields, and sends only the membership difference', async () => {
    const verdict = await reconcile({ displayName: 'SALES', domoDisplayName: 'Sales', members: [email(2), email(3), email(4)] });
    expect(lines(verdict)).toEqual([
      'domo-identity: test/Groups group "SALES": 1 checked, 1 updated',
      '  updated SALES: displayName "Sales" -> "SALES"; domoDisplayName "Sales team" -> "Sales"; members +1 (u4@acme.com) -1 (u1@acme.com)',
    ]);
    expect(live('Sales')).toMatchObject({ id: '5001', displayName: 'SALES', domoDisplayName: 'Sales', members: ['2', '3', '4'] });
    expect(emulator.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });

  it('never removes in additive mode', async () => {
    await reconcile({ displayName: 'Sales', members: [email(9)] }, { membership: 'additive' });
    expect(live('Sales')!.members).toEqual(['1', '2', '3', '9']);
  });

  it('resolves many members with one listing of the directory instead of a lookup each', async () => {
    const members = Array.from({ length: 45 }, (_, i) => email(i + 1));
    await reconcile({ displayName: 'Big', members });
    expect(live('Big')!.members).toHaveLength(members.length);
    const lookups = emulator.requests.filter((r) => r.method === 'GET' && r.path === '/Users');
    expect(lookups.every((r) => r.query.filter === undefined)).toBe(true);
    expect(lookups).toHaveLength(1);
  });

  it('names members missing in Domo after applying the others', async () => {
    const verdict = await reconcile({ displayName: 'Sales', members: [email(1), 'ghost@acme.com'] });
    expect(verdict.code).toBe(1);
    expect(verdict.stderr.trim().split('\n')).toEqual([
      'domo-identity: test/Groups group "Sales": 1 failed (the group is reconciled again on the next deploy):',
      '  - Sales member ghost@acme.com: not found in Domo (create the user in Domo, manage them with DomoUsers in this stack, or remove them from the group)',
    ]);
    expect(live('Sales')!.members).toEqual(['1']);
  });

  it('fails naming the group and each member when Domo accepts the membership PATCH but does not apply it', async () => {
    emulator.addFault({ kind: 'accepted-not-applied', method: 'PATCH', pathPattern: '^/Groups/5001$', times: 1 });
    const group = { displayName: 'Sales', members: [email(2), email(3), email(4)] };
    const verdict = await reconcile(group);
    expect(verdict.stderr).toContain(
      `  - Sales: Domo did not keep it (read back after the update): not members: 1 (${email(4)}); still members: 1 (${email(1)})`,
    );
    expect(emulator.requests.filter((r) => r.method === 'PATCH').map((r) => r.status)).toEqual([204]);
    expect(live('Sales')!.members).toEqual(['1', '2', '3']);
    // The next run (Terraform replaces the tainted instance) applies it.
    expect((await reconcile(group)).code).toBe(0);
    expect(live('Sales')!.members).toEqual(['2', '3', '4']);
  });

  it('fails naming each field, expected and found, when Domo accepts a create or a field PATCH but drops the field', async () => {
    emulator.addFault({ kind: 'drops-fields', fields: ['description'], method: 'POST', pathPattern: '^/Groups$', times: 1 });
    const ops = { displayName: 'Ops', description: 'Ops team', members: [email(4)] };
    expect((await reconcile(ops)).stderr).toContain(
      '  - Ops: Domo did not keep it (read back after the create): description expected "Ops team", found ""',
    );
    expect(live('Ops')).toMatchObject({ members: ['4'] });
    expect(live('Ops')!.description).toBeUndefined();
    // The next run (Terraform replaces the tainted instance) patches the description, and it is kept.
    expect(lines(await reconcile(ops))).toEqual([
      'domo-identity: test/Groups group "Ops": 1 checked, 1 updated',
      '  updated Ops: description "" -> "Ops team"',
    ]);
    emulator.addFault({ kind: 'drops-fields', fields: ['displayName', 'domoDisplayName'], method: 'PATCH', pathPattern: '^/Groups/5001$' });
    const verdict = await reconcile({ displayName: 'SALES', domoDisplayName: 'Sales', members: [email(1), email(2), email(3)] });
    expect(verdict.code).not.toBe(0);
    expect(verdict.stderr).toContain(
      '  - SALES: Domo did not keep it (read back after the update): displayName expected "SALES", found "Sales"; domoDisplayName expected "Sales", found "Sales team"',
    );
  });

  it('removal: keeps desired groups, retains or deletes the others', async () => {
    stack(groups([{ displayName: 'sales', members: [] }], { removalPolicy: 'delete' }));
    expect(lines(await fixture.destroy(PATH, 'sales', 'Sales'))).toEqual([
      'domo-identity: test/Groups group "sales" (removal policy delete): 1 checked, 1 kept',
    ]);
    await fixture.close();
    stack(groups([]));
    expect(lines(await fixture.destroy(PATH, 'Sales', 'Sales'))[0]).toBe(
      'domo-identity: test/Groups group "Sales" (removal policy retain): 1 checked, 1 retained',
    );
    expect(live('Sales')).toBeDefined();
    await fixture.close();
    stack(groups([], { removalPolicy: 'delete' }));
    expect(lines(await fixture.destroy(PATH, 'Sales', 'Sales'))).toEqual([
      'domo-identity: test/Groups group "Sales" (removal policy delete): 1 checked, 1 deleted',
      '  deleted Sales: group 5001 deleted',
    ]);
    expect(live('Sales')).toBeUndefined();
    expect(lines(await fixture.destroy(PATH, 'Sales', 'Sales'))).toEqual([
      'domo-identity: test/Groups group "Sales" (removal policy delete): 1 checked, 1 absent',
    ]);
  });
});
