import { ScimClient } from '../../src/domo/scim/client';
import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { resolveUserIds, TARGETED_LOOKUP_LIMIT } from '../../src/handlers/user-ids';

const TOKEN = 'user-ids-token';
const email = (n: number) => `u${n}@acme.com`;

describe('resolveUserIds', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const listings = () => emulator.requests.filter((r) => r.path === '/Users' && r.query.filter === undefined).length;
  const lookups = () => emulator.requests.filter((r) => r.path === '/Users' && r.query.filter !== undefined).length;

  beforeEach(async () => {
    const users = Array.from({ length: 1000 }, (_, i) => ({ id: String(i + 1), userName: email(i + 1) }));
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: Seed.parse({ users }), maxPageSize: 10 });
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('looks up a small set one by one, matching case-insensitively', async () => {
    const { ids, missing } = await resolveUserIds(client, ['U1@ACME.com', email(500), 'nobody@acme.com'], 4);
    expect([...ids]).toEqual(
      expect.arrayContaining([
        ['u1@acme.com', '1'],
        ['u500@acme.com', '500'],
      ]),
    );
    expect(missing).toEqual(['nobody@acme.com']);
    expect([listings(), lookups()]).toEqual([0, 3]);
  });

  it('keeps listing while the listing is cheaper than the lookups left', async () => {
    const names = Array.from({ length: 200 }, (_, i) => email(i * 5 + 1));
    const { ids, missing } = await resolveUserIds(client, names, 4);
    expect(ids.size).toBe(200);
    expect(missing).toEqual([]);
    expect(lookups()).toBe(0);
    expect(listings()).toBeLessThanOrEqual(100);
  });

  it('switches to lookups after the first page when the instance is much larger than the set', async () => {
    const names = Array.from({ length: TARGETED_LOOKUP_LIMIT + 5 }, (_, i) => email(900 + i));
    const { ids, missing } = await resolveUserIds(client, names, 4);
    expect(ids.size).toBe(names.length);
    expect(missing).toEqual([]);
    expect([listings(), lookups()]).toEqual([1, names.length]);
  });
});
