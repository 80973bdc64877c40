import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { registerSnapshot } from '../../src/cli/commands/snapshot';
import { ConfigError, InputError } from '../../src/errors';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { readCsvFile, readDomoDataset } from '../../src/sources';
import { runInProcess, type InProcessResult } from '../support/in-process-cli';

const TOKEN = 'snapshot-dev-token-8e21';
const SECRET = 'sample-secret';
const ROOT = join(__dirname, '..', '..');
const ROSTER_ID = '2f7a1c9e-roster';
const ENV_NAMES = ['DOMO_CLIENT_ID', 'DOMO_CLIENT_SECRET', 'DOMO_API_HOST', 'DOMO_DEVELOPER_TOKEN', 'DOMO_INSTANCE_URL'] as const;

let em: RunningEmulator;
let dir: string;
beforeAll(async () => {
  em = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(ROOT, 'data', 'sample-seed.json')) });
});
afterAll(() => em.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'snapshot-'));
  em.resetRequests();
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const clientEnv = () => ({ DOMO_CLIENT_ID: 'sample-client', DOMO_CLIENT_SECRET: SECRET, DOMO_API_HOST: em.url });
const tokenEnv = () => ({ DOMO_DEVELOPER_TOKEN: TOKEN, DOMO_INSTANCE_URL: em.url });

/** Runs `domo-identity ...` in-process with only `env` of the dataset variables set. */
async function run(args: string[], env: Partial<Record<(typeof ENV_NAMES)[number], string>>): Promise<InProcessResult> {
  const only = Object.fromEntries(ENV_NAMES.map((k) => [k, env[k]]));
  return runInProcess(registerSnapshot, args, { env: only, secrets: [SECRET, TOKEN] });
}

describe.each([
  ['client credentials', clientEnv],
  ['a developer token', tokenEnv],
])('domo-identity snapshot with %s', (_name, env) => {
  it('writes a CSV that reads back to the same rows as the dataset', async () => {
    const file = join(dir, 'roster.csv');
    const { out, err, error } = await run(['snapshot', ROSTER_ID, '--out', file], env());
    expect(error).toBeUndefined();
    expect(out).toBe('');
    expect(err).toContain(`Wrote 12 rows and 9 columns to ${file}.`);
    const live = await readDomoDataset({ datasetId: ROSTER_ID, auth: { kind: 'developer-token', token: TOKEN, instanceUrl: em.url } });
    const pinned = readCsvFile(file);
    expect(pinned.columns).toEqual(live.columns);
    // The query API reads in the order of every column (a stable order to page by), the export in the dataset's.
    const values = (rows: ReadonlyArray<{ values: Record<string, string> }>) => rows.map((r) => JSON.stringify(r.values)).sort();
    expect(values(pinned.rows)).toEqual(values(live.rows));
    // ... and the rows of the CSV file the sample dataset was made from, byte for byte.
    const lines = (text: string) => [text.split('\n')[0], ...text.split('\n').slice(1).sort()];
    expect(lines(readFileSync(file, 'utf8'))).toEqual(lines(readFileSync(join(ROOT, 'data', 'franchise-roster.csv'), 'utf8')));
  });
});

describe('domo-identity snapshot', () => {
  it('writes only --columns, in their order, and reports as JSON with --json', async () => {
    const file = join(dir, 'roster.csv');
    const { out, error } = await run(['snapshot', ROSTER_ID, '--out', file, '--columns', 'email, region', '--json'], clientEnv());
    expect(error).toBeUndefined();
    expect(JSON.parse(out)).toEqual({ datasetId: ROSTER_ID, file, rows: 12, columns: ['email', 'region'] });
    expect(readCsvFile(file).rows[0]).toEqual({
      row: 1,
      line: 2,
      values: { email: 'maria.lopez@sunbeltfoods.example', region: 'Texas North' },
    });
  });

  it('fails on an unknown column without writing the file', async () => {
    const file = join(dir, 'roster.csv');
    const { error } = await run(['snapshot', ROSTER_ID, '--out', file, '--columns', 'email,regoin'], clientEnv());
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toContain(
      `dataset:${ROSTER_ID}, field "regoin": no such column in the dataset; available columns: email, full_name`,
    );
    expect(existsSync(file)).toBe(false);
  });

  it('fails on an unknown dataset, naming it', async () => {
    const { error } = await run(['snapshot', 'no-such-id', '--out', join(dir, 'x.csv')], tokenEnv());
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).toMatch(/^dataset:no-such-id: Domo at .* has no dataset with this id/);
  });

  it('fails without credentials, naming the variables', async () => {
    const { error } = await run(['snapshot', ROSTER_ID, '--out', join(dir, 'x.csv')], {});
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('set DOMO_CLIENT_ID and DOMO_CLIENT_SECRET');
    expect(em.requests).toEqual([]);
  });

  it('fails with bad credentials, naming the client', async () => {
    const { error } = await run(['snapshot', ROSTER_ID, '--out', join(dir, 'x.csv')], { ...clientEnv(), DOMO_CLIENT_SECRET: 'wrong' });
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toContain('Domo refused the client credentials of API client "sample-client"');
  });

  it('requires --out and explains itself in --help', async () => {
    const missing = await run(['snapshot', ROSTER_ID], clientEnv());
    expect((missing.error as { code?: string }).code).toBe('commander.missingMandatoryOptionValue');
    const help = await run(['snapshot', '--help'], {});
    expect((help.error as { code?: string }).code).toBe('commander.helpDisplayed');
    expect(help.out).toContain('Usage: domo-identity snapshot [options] <DATASET_ID>');
    expect(help.out).toContain('Save a Domo dataset as a CSV file.');
    expect(help.out).toContain('DOMO_DEVELOPER_TOKEN, DOMO_INSTANCE_URL');
  });
});
