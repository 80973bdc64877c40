import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { ScimClient } from '../../src/domo/scim/client';
import { UserDirectory } from '../../src/engine/directory';
import { ReadBack } from '../../src/engine/read-back';

const TOKEN = 'directory-token';
const email = (n: number) => `u${n}@acme.com`;

describe('the deploy-wide user directory', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const listings = () => emulator.requests.filter((r) => r.path === '/Users' && r.query.filter === undefined).length;
  const lookups = () => emulator.requests.filter((r) => r.path === '/Users' && r.query.filter !== undefined).length;

  beforeEach(async () => {
    const users = Array.from({ length: 100 }, (_, i) => ({ id: String(i + 1), userName: email(i + 1) }));
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: Seed.parse({ users }), maxPageSize: 10 });
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('looks up a few users one by one, case-insensitively, remembers who is absent, and asks Domo once per user', async () => {
    const directory = new UserDirectory(client, { targetedLimit: 3 });
    const found = await directory.find(['U1@ACME.com', email(50), 'nobody@acme.com']);
    expect([...found].map(([k, u]) => [k, u?.id])).toEqual([
      ['u1@acme.com', '1'],
      ['u50@acme.com', '50'],
      ['nobody@acme.com', undefined],
    ]);
    await directory.find([email(1), 'Nobody@acme.com']);
    expect([listings(), lookups()]).toEqual([0, 3]);
    expect(directory.listingCost).toBeUndefined();
  });

  it('lists everyone once when many users are needed; later finds of anyone cost nothing', async () => {
    const directory = new UserDirectory(client, { targetedLimit: 3, pageSize: 10 });
    const found = await directory.find([email(1), email(2), email(3), email(4)]);
    expect([...found.values()].map((u) => u?.id)).toEqual(['1', '2', '3', '4']);
    const pages = listings();
    expect(pages).toBe(10);
    expect((await directory.find([email(77), 'ghost@acme.com'])).get('ghost@acme.com')).toBeUndefined();
    expect([listings(), lookups()]).toEqual([pages, 0]);
    expect(directory.listingCost).toBe(10);
  });

  it('never lets a listing under way overwrite a user refreshed by a write meanwhile', async () => {
    const directory = new UserDirectory(client, { targetedLimit: 0, pageSize: 10 });
    const listing = directory.listAll();
    directory.remember({ id: '5', userName: email(5), title: 'written after the listing began' });
    await listing;
    expect(directory.get(email(5))?.title).toBe('written after the listing began');
  });
});

describe('read-back after writes', () => {
  let emulator: RunningEmulator;
  let client: ScimClient;
  const reads = () => emulator.requests.map((r) => `${r.method} ${r.path}${r.path === '/Users' ? ` ${r.query.startIndex}` : ''}`);

  beforeEach(async () => {
    const users = Array.from({ length: 30 }, (_, i) => ({ id: String(i + 1), userName: email(i + 1) }));
    emulator = await startEmulator({ port: 0, token: TOKEN, seed: Seed.parse({ users }), maxPageSize: 10 });
    client = new ScimClient({ baseUrl: emulator.scimUrl, token: TOKEN });
  });
  afterEach(async () => {
    await client.close();
    await emulator.close();
  });

  it('reads a few users back one by one, and many in one listing of everyone, once every running instance waits', async () => {
    const directory = new UserDirectory(client, { targetedLimit: 0, pageSize: 10 });
    await directory.listAll();
    emulator.resetRequests();
    const activity = { running: 2, peakRunning: 2, lastArrival: 0 };
    const readBack = new ReadBack(client, directory, activity, { maxWaitMs: 60_000 });

    const one = readBack.read([{ id: '1', userName: email(1) }]);
    // Only one of the two instances waits: nothing is read yet.
    await new Promise((r) => setImmediate(r));
    expect(reads()).toEqual([]);
    const many = readBack.read(Array.from({ length: 5 }, (_, i) => ({ id: String(i + 2), userName: email(i + 2) })));
    const [a, b] = await Promise.all([one, many]);
    expect(a.get('1')?.userName).toBe(email(1));
    expect(b.size).toBe(5);
    // Six users to read, three pages to list everyone: one listing serves both instances.
    expect(reads()).toEqual(['GET /Users 1', 'GET /Users 11', 'GET /Users 21']);

    emulator.resetRequests();
    activity.running = 1;
    await readBack.read([{ id: '9', userName: email(9) }]);
    expect(reads()).toEqual(['GET /Users/9']);
  });
});
