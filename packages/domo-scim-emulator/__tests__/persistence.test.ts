import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadSeedFile } from '../src';
import { call, newGroup, newUser, patchBody, start, testSeed } from './helpers';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emulator-persist-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('persistence', () => {
  it('writes the state after every change and restarts from it instead of the seed', async () => {
    const file = join(dir, 'state.json');
    const first = await start({ persistPath: file });
    try {
      expect(loadSeedFile(file)).toEqual(testSeed());
      await call(first.scimUrl, 'POST', '/Users', { body: newUser('kept@acme.example') });
      await call(first.scimUrl, 'PATCH', '/Users/1001', { body: patchBody({ op: 'replace', path: 'title', value: 'Persisted' }) });
      await call(first.scimUrl, 'DELETE', '/Users/1002');
    } finally {
      await first.close();
    }
    expect(readdirSync(dir)).toEqual(['state.json']);

    const second = await start({ persistPath: file, seed: testSeed({ users: [] }) });
    try {
      const users = second.snapshot().users;
      expect(users.map((u) => u.id)).toEqual(['1001', '1003', '1004', '1005']);
      expect(users[0]!.title).toBe('Persisted');
      expect(
        (await call(second.scimUrl, 'GET', '/Users', { query: { filter: 'userName eq "kept@acme.example"' } })).json.totalResults,
      ).toBe(1);
      expect(second.snapshot()).toEqual(loadSeedFile(file));
    } finally {
      await second.close();
    }
  });

  it('persists group changes, and membership losses from user deletion', async () => {
    const file = join(dir, 'state.json');
    const first = await start({ persistPath: file });
    try {
      await call(first.scimUrl, 'POST', '/Groups', { body: newGroup('Crew', { members: [{ value: '1001' }, { value: '1002' }] }) });
      await call(first.scimUrl, 'PATCH', '/Groups/5001', { body: patchBody({ op: 'Add', path: 'members', value: [{ value: '1004' }] }) });
      await call(first.scimUrl, 'DELETE', '/Users/1002');
      expect(loadSeedFile(file).groups).toEqual([{ id: '5001', displayName: 'Crew', members: ['1001', '1004'] }]);
    } finally {
      await first.close();
    }
    const second = await start({ persistPath: file });
    try {
      expect((await call(second.scimUrl, 'GET', '/Users/1004')).json.groups).toEqual([{ value: '5001', display: 'Crew' }]);
      expect((await call(second.scimUrl, 'POST', '/Groups', { body: newGroup('Next') })).json.id).toBe('5002');
    } finally {
      await second.close();
    }
  });

  it('names the file and field when the persisted state is invalid', async () => {
    const file = join(dir, 'state.json');
    writeFileSync(file, JSON.stringify({ users: [{ id: 'abc', userName: 'x@acme.example' }] }));
    await expect(start({ persistPath: file })).rejects.toThrow(new RegExp(`${file}: invalid seed:[\\s\\S]*users\\[0\\]\\.id`));
  });

  it('does not write when no persist path is set', async () => {
    const em = await start();
    await call(em.scimUrl, 'DELETE', '/Users/1002');
    await em.close();
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, 'state.json'))).toBe(false);
  });
});
