import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROLES_PATH } from '../src/contract';
import { parseSeed, RunningEmulator } from '../src';
import { call, start, testSeed } from './helpers';

/** Custom roles and their grants in the seed, in persist files, and changed "by hand" through the admin API. */

const seedWithRoles = () => parseSeed({ ...testSeed(), roles: [{ id: 101, name: 'Store Manager', grants: ['card.edit'] }] }, 'roles seed');

let em: RunningEmulator;
let running = false;
async function begin(options: Parameters<typeof start>[0]): Promise<void> {
  em = await start(options);
  running = true;
}
async function stop(): Promise<void> {
  if (running) await em.close();
  running = false;
}
afterEach(stop);

const admin = (method: string, path: string, body?: unknown) =>
  call(em.url, method, `/_emulator${path}`, { body, headers: { 'content-type': 'application/json' } });
const grantsOf = async (id: number) =>
  (await call(em.url, 'GET', `${ROLES_PATH}/${id}/authorities`)).json.map((a: { authority: string }) => a.authority);

describe('roles in the seed', () => {
  it('defaults a role’s grants to none and keeps a seed without timestamps as it was', async () => {
    const seed = parseSeed({ ...testSeed(), roles: [{ id: 101, name: 'Store Manager' }] }, 'inline');
    expect(seed.roles).toEqual([{ id: 101, name: 'Store Manager', grants: [] }]);
    await begin({ seed });
    expect(em.snapshot().roles).toEqual([{ id: 101, name: 'Store Manager', grants: [] }]);
  });

  it('names every unknown or repeated grant with where it is', () => {
    const grants = ['card.edit', 'card.edit', 'dataset.exprot'];
    const parse = () => parseSeed({ ...testSeed(), roles: [{ id: 101, name: 'Store Manager', grants }] }, 'inline');
    expect(parse).toThrow(/duplicate grant "card\.edit"\n {2}→ at roles\[0\]\.grants\[1\]/);
    expect(parse).toThrow(
      /unknown grant "dataset\.exprot" \(GET \/api\/authorization\/v1\/authorities lists them\)\n {2}→ at roles\[0\]\.grants\[2\]/,
    );
  });

  it('persists grants and timestamps a write made, and a restart serves them', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'roles-persist-'));
    try {
      const persistPath = join(dir, 'state.json');
      let clock = 1_000;
      await begin({ seed: seedWithRoles(), persistPath, now: () => clock });
      clock = 2_000;
      await call(em.url, 'PATCH', `${ROLES_PATH}/101/authorities`, {
        body: ['pdp.manage'],
        headers: { 'content-type': 'application/json' },
      });
      expect(em.snapshot().roles).toEqual([{ id: 101, name: 'Store Manager', grants: ['pdp.manage'], created: 1_000, modified: 2_000 }]);
      await stop();
      await begin({ persistPath, now: () => 9_000 });
      expect(await grantsOf(101)).toEqual(['pdp.manage']);
      expect((await call(em.url, 'GET', `${ROLES_PATH}/101`)).json).toMatchObject({ created: 1_000, modified: 2_000 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('PUT /_emulator/roles/<name>: a change made by hand', () => {
  beforeEach(async () => {
    await begin({ seed: seedWithRoles() });
  });

  it('changes an existing role’s grants, keeping what the body leaves out, and is not logged', async () => {
    const res = await admin('PUT', '/roles/store%20manager', { grants: ['card.edit', 'dataset.export'] });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: 101, name: 'Store Manager', grants: ['card.edit', 'dataset.export'] });
    expect(await grantsOf(101)).toEqual(['card.edit', 'dataset.export']);
    expect(em.requests.map((r) => r.method)).toEqual(['GET']);
  });

  it('creates a role with the next free id', async () => {
    const res = await admin('PUT', '/roles/Franchise%20Manager', { description: 'By hand', grants: ['user.invite'] });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ id: 102, name: 'Franchise Manager', description: 'By hand', grants: ['user.invite'] });
    expect(em.store.findRoleByName('franchise manager')?.id).toBe(102);
  });

  it.each([
    ['a system role', '/roles/Admin', { grants: [] }, 403, 'Role 1 (Admin) is a system role: it cannot be changed'],
    ['an unknown grant', '/roles/Store%20Manager', { grants: ['nope'] }, 400, 'Role "Store Manager": unknown grant(s) "nope"'],
    ['another name in the body', '/roles/Store%20Manager', { name: 'Boss' }, 400, 'differs from the URL'],
    ['another id', '/roles/Store%20Manager', { id: 150 }, 400, 'already has id 101; ids cannot change'],
    ['an id in use', '/roles/New', { id: 3 }, 409, 'Id 3 is already used by another role'],
    ['a field roles do not have', '/roles/New', { users: [] }, 400, 'Invalid role'],
  ])('refuses %s', async (_what, path, body, status, detail) => {
    const before = em.snapshot().roles;
    const res = await admin('PUT', path, body);
    expect(res.status).toBe(status);
    expect(res.json.detail).toContain(detail);
    expect(em.snapshot().roles).toEqual(before);
  });
});
