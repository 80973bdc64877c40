import { Command, Help } from 'commander';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorCommand, stopEmulatorCommand } from 'domo-scim-emulator';
import { emulatorHelp, registerEmulator, runEmulatorCommand } from '../../src/cli/commands/emulator';
import { loadEmulatorPackage, notInstalledMessage } from '../../src/cli/emulator-package';
import { ConfigError, exitCodeOf } from '../../src/errors';
import { runInProcess } from '../support/in-process-cli';
import { ROOT } from '../support/roster';

const TOKEN = 'emulator-command-token-51c2';
/** A loader for a machine where the package is not installed. */
const notInstalled = () => loadEmulatorPackage('domo-scim-emulator-not-installed');

const run = (args: string[], env: Record<string, string | undefined> = { DOMO_SCIM_TOKEN: undefined }) =>
  runInProcess(registerEmulator, ['emulator', ...args], { env });

afterEach(() => stopEmulatorCommand());

describe('domo-identity emulator (delegates to domo-scim-emulator)', () => {
  it('starts the package service with the same options and prints its JSON line', async () => {
    const seed = join(ROOT, 'data', 'sample-seed.json');
    const result = await run(['--port', '0', '--seed', seed, '--token', TOKEN, '--max-page-size', '3']);
    expect(result.error).toBeUndefined();
    const { scimUrl } = JSON.parse(result.out) as { scimUrl: string };
    const res = await fetch(`${scimUrl}/Users`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(await res.json()).toMatchObject({ itemsPerPage: 3 });
    expect(result.err).toMatch(/^Local Domo SCIM service on http:\/\/127\.0\.0\.1:\d+\/api\/identity\/v1\/scim with \d+ users\./);
  });

  it('shows the package command line as its help, under its own name', async () => {
    const result = await run(['--help']);
    const packageHelp = emulatorCommand('domo-identity emulator').helpInformation();
    expect(result.out.slice(0, packageHelp.length)).toBe(packageHelp);
    expect(result.out.slice(packageHelp.length)).toBe(
      'Exit codes:\n  0  success: stopped (Ctrl-C or SIGTERM)\n  1  failure: the service failed\n  2  usage error: an unknown option, a bad seed file\n',
    );
    for (const flag of ['--port', '--seed', '--token', '--persist', '--max-page-size', '--rate-limit']) expect(result.out).toContain(flag);
    expect(result.error).toMatchObject({ code: 'commander.helpDisplayed', exitCode: 0 });
  });

  it('turns the service configuration errors into ConfigErrors (exit 2), prefixed as before', async () => {
    const noToken = await run(['--port', '0']);
    expect(noToken.error).toEqual(
      new ConfigError('emulator: no token: pass --token <token> or set the DOMO_SCIM_TOKEN environment variable'),
    );
    expect(exitCodeOf(noToken.error)).toBe(2);
    const badSeed = join(ROOT, 'no-such-seed.json');
    const seed = await run(['--port', '0', '--token', TOKEN, '--seed', badSeed]);
    expect(seed.error).toBeInstanceOf(ConfigError);
    expect((seed.error as Error).message).toContain(`emulator: ${badSeed}: cannot read the seed file`);
    expect((await run(['--port', 'abc', '--token', TOKEN])).error).toBeInstanceOf(ConfigError);
  });

  it('leaves usage errors to commander (exit 2 through the CLI entry)', async () => {
    const result = await run(['--bogus']);
    expect(result.error).toMatchObject({ code: 'commander.unknownOption' });
  });
});

describe('without the package installed', () => {
  it('fails with how to install it', async () => {
    let error: unknown;
    try {
      notInstalled();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toBe(notInstalledMessage('domo-scim-emulator-not-installed'));
    expect((error as Error).message).toContain('npm install --save-dev <path to domo-scim-emulator-not-installed-<version>.tgz>');
    expect((error as Error).message).toContain('domo-identity init --vendor');
    await expect(runEmulatorCommand(['--port', '0'], notInstalled)).rejects.toThrow(ConfigError);
  });

  it('still answers --help: this command and how to install the package', () => {
    const command = new Command('emulator').description('Run a local Domo-compatible SCIM 2.0 service.');
    const help = emulatorHelp(command, new Help(), notInstalled);
    expect(help).toMatch(/^Usage: emulator \[options\]\n\nRun a local Domo-compatible SCIM 2.0 service\./);
    expect(help).toContain(notInstalledMessage('domo-scim-emulator-not-installed'));
  });

  it('names only the package as missing, not a module the package failed to load', () => {
    const dir = mkdtempSync(join(tmpdir(), 'broken-emulator-'));
    try {
      writeFileSync(join(dir, 'index.js'), "require('a-dependency-that-is-not-installed');\n");
      const load = () => loadEmulatorPackage(dir);
      expect(load).toThrow(/Cannot find module 'a-dependency-that-is-not-installed'/);
      expect(load).not.toThrow(ConfigError);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
