import { DEFAULT_EMULATOR_PORT, DEFAULT_EMULATOR_TOKEN, exitCodeOf, main, stopEmulatorCommand } from '../src';
import { SCIM_ROOT_PATH } from '../src/contract';
import { BAD_SEED_PATH, call, SEED_PATH, TOKEN } from './helpers';

/** Runs the command in-process and returns what it printed to stdout. */
async function run(args: string[]): Promise<string> {
  let out = '';
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    out += String(chunk);
    return true;
  });
  const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    await main(args);
  } finally {
    spy.mockRestore();
    err.mockRestore();
  }
  return out;
}

afterEach(async () => {
  await stopEmulatorCommand();
  delete process.env['DOMO_SCIM_TOKEN'];
});

describe('domo-scim-emulator (command line)', () => {
  it('prints one JSON line with the URLs and serves the seed', async () => {
    const out = await run(['--port', '0', '--seed', SEED_PATH, '--token', TOKEN, '--max-page-size', '2']);
    const lines = out.trim().split('\n');
    expect(lines).toHaveLength(1);
    const { url, scimUrl } = JSON.parse(lines[0]!) as { url: string; scimUrl: string };
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(scimUrl).toBe(`${url}${SCIM_ROOT_PATH}`);
    const res = await call(scimUrl, 'GET', '/Users');
    expect(res.json).toMatchObject({ totalResults: 4, itemsPerPage: 2 });
  });

  it('takes the token from DOMO_SCIM_TOKEN and applies --rate-limit', async () => {
    process.env['DOMO_SCIM_TOKEN'] = TOKEN;
    const { scimUrl } = JSON.parse(await run(['--port', '0', '--rate-limit', '1/3600'])) as { scimUrl: string };
    expect((await call(scimUrl, 'GET', '/Users')).json.totalResults).toBe(0);
    expect((await call(scimUrl, 'GET', '/Users')).status).toBe(429);
  });

  it('shapes the 429s with --retry-after and --retry-after-seconds', async () => {
    const none = JSON.parse(await run(['--port', '0', '--token', TOKEN, '--rate-limit', '1/3600', '--retry-after', 'none'])) as {
      scimUrl: string;
    };
    await call(none.scimUrl, 'GET', '/Users');
    const bare = await call(none.scimUrl, 'GET', '/Users');
    expect([bare.status, bare.headers.has('retry-after')]).toEqual([429, false]);
    await stopEmulatorCommand();

    const args = ['--port', '0', '--token', TOKEN, '--rate-limit', '1/3600', '--retry-after', 'http-date', '--retry-after-seconds', '30'];
    const dated = JSON.parse(await run(args)) as { scimUrl: string };
    await call(dated.scimUrl, 'GET', '/Users');
    const limited = await call(dated.scimUrl, 'GET', '/Users');
    const header = limited.headers.get('retry-after')!;
    expect(header).toMatch(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    // Measured against the response's own Date header (whole seconds, cached up to a second), not the test's clock.
    const ahead = Date.parse(header) - Date.parse(limited.headers.get('date')!);
    expect(ahead).toBeGreaterThanOrEqual(30_000);
    expect(ahead).toBeLessThanOrEqual(32_000);
    await stopEmulatorCommand();

    const seconds = JSON.parse(await run(['--port', '0', '--token', TOKEN, '--rate-limit', '1/3600', '--retry-after-seconds', '5'])) as {
      scimUrl: string;
    };
    await call(seconds.scimUrl, 'GET', '/Users');
    expect((await call(seconds.scimUrl, 'GET', '/Users')).headers.get('retry-after')).toBe('5');
  });

  it.each([
    [['--rate-limit', '1/1', '--retry-after', 'soon'], /--retry-after must be seconds, http-date or none/],
    [['--retry-after', 'none'], /shape the 429s of --rate-limit/],
    [['--retry-after-seconds', '3'], /shape the 429s of --rate-limit/],
    [['--rate-limit', '1/1', '--retry-after', 'none', '--retry-after-seconds', '3'], /nothing to set/],
    [['--rate-limit', '1/1', '--retry-after-seconds', '-1'], /--retry-after-seconds must be at least 0/],
  ])('refuses %j', async (args, message) => {
    await expect(run(['--port', '0', '--token', TOKEN, ...args])).rejects.toThrow(message);
  });

  it('names both the flag and the variable when there is no token', async () => {
    await expect(run(['--port', '0'])).rejects.toThrow(/--token .*DOMO_SCIM_TOKEN/);
  });

  it('rejects bad options', async () => {
    await expect(run(['--port', 'abc', '--token', TOKEN])).rejects.toThrow(/--port/);
    await expect(run(['--port', '0', '--token', TOKEN, '--rate-limit', 'fast'])).rejects.toThrow(/--rate-limit/);
  });

  it('reports an invalid seed file with its path', async () => {
    await expect(run(['--port', '0', '--token', TOKEN, '--seed', BAD_SEED_PATH])).rejects.toThrow(BAD_SEED_PATH);
  });

  it('exits 2 for usage and configuration errors, 0 for help, 1 otherwise', async () => {
    const thrown = (args: string[]) =>
      run(args).then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(exitCodeOf(await thrown(['--port', '0']))).toBe(2);
    expect(exitCodeOf(await thrown(['--bogus']))).toBe(2);
    expect(exitCodeOf(await thrown(['--help']))).toBe(0);
    expect(exitCodeOf(new Error('listen EADDRINUSE'))).toBe(1);
  });

  it('has shared defaults', () => {
    expect(DEFAULT_EMULATOR_PORT).toBe(8765);
    expect(DEFAULT_EMULATOR_TOKEN).toBe('local-dev-token');
  });
});
