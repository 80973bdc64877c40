import { join } from 'node:path';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { ConfigError, InputError } from '../../src/errors';
import { loadDataset, readCsvFile } from '../../src/sources';

const ROOT = join(__dirname, '..', '..');
const ROSTER = join(ROOT, 'data', 'franchise-roster.csv');

describe('loadDataset', () => {
  let em: RunningEmulator;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    em = await startEmulator({ token: 'location-token-1f2e', seed: loadSeedFile(join(ROOT, 'data', 'sample-seed.json')) });
    env = { DOMO_CLIENT_ID: 'sample-client', DOMO_CLIENT_SECRET: 'sample-secret', DOMO_API_HOST: new URL(em.scimUrl).origin };
  });
  afterAll(async () => {
    await em.close();
  });

  it('reads a file path as CSV, without any request', async () => {
    await expect(loadDataset(ROSTER, { env })).resolves.toEqual(readCsvFile(ROSTER));
    expect(em.requests).toEqual([]);
  });

  it('reads domo-dataset:<id> live, the same rows as the pinned sample file', async () => {
    const live = await loadDataset('domo-dataset:2f7a1c9e-roster', { env });
    expect(live.source).toBe('dataset:2f7a1c9e-roster');
    expect(live.rows.map((r) => r.values)).toEqual(readCsvFile(ROSTER).rows.map((r) => r.values));
  });

  it('names a missing column of the live dataset', async () => {
    await expect(loadDataset('domo-dataset:2f7a1c9e-roster', { env, columns: ['email', 'shoe_size'] })).rejects.toThrow(InputError);
  });

  it('refuses an empty id and missing credentials, before any request', async () => {
    em.resetRequests();
    await expect(loadDataset('domo-dataset: ', { env })).rejects.toThrow(
      new ConfigError(
        '"domo-dataset: " names no dataset: write domo-dataset:<id>, the id being the last part of the dataset\'s URL in Domo',
      ),
    );
    await expect(loadDataset('domo-dataset:2f7a1c9e-roster', { env: {} })).rejects.toThrow(/^No Domo credentials to read datasets with/);
    expect(em.requests).toEqual([]);
  });
});
