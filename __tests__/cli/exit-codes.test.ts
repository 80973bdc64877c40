import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { CommanderError } from 'commander';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { COMMAND_EXIT_CODES, exitCodeOfCliError, exitCodesHelp, exitCodesMarkdown, type CommandName } from '../../src/cli/exit-codes';
import { DriftCheckError, DriftFoundError } from '../../src/cli/drift/errors';
import { CannotApplyError, ConfigError, InputError } from '../../src/errors';
import { ROOT } from '../support/roster';

const TOKEN = 'exit-code-secret-4d1e';
const CLI = join(ROOT, 'dist', 'src', 'cli', 'main.js');
const BIN = join(ROOT, 'bin', 'domo-identity.js');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** An empty folder to run in: no synthesized project whose keys and roles doctor would read. */
let cwd: string;

/** The built CLI as a user runs it. Asynchronous: the local service answers from this process. */
function cli(
  args: string[],
  env: Record<string, string> = { DOMO_SCIM_TOKEN: TOKEN },
  entry: string = CLI,
): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [entry, ...args], { cwd, env: { PATH: process.env.PATH ?? '', ...env } }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code) : 0, stdout, stderr });
    });
  });
}

let em: RunningEmulator;
beforeAll(async () => {
  cwd = mkdtempSync(join(tmpdir(), 'exit-codes-'));
  em = await startEmulator({ token: TOKEN, seed: loadSeedFile(join(ROOT, 'data', 'sample-seed.json')) });
});
afterAll(async () => {
  await em.close();
  rmSync(cwd, { recursive: true, force: true });
});

describe('domo-identity exit codes (built CLI)', () => {
  it('doctor exits 0 when every check passes', async () => {
    const result = await cli(['doctor', '--url', em.scimUrl, '--keys', 'region', '--roles', 'Participant,101']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(
      result.stdout
        .trimEnd()
        .split('\n')
        .map((l) => l.slice(0, 2)),
    ).toEqual(['✓ ', '✓ ', '- ', '✓ ', '✓ ', '✓ ', '✓ ']);
  });

  it('doctor exits 1 when a check fails, naming it', async () => {
    const result = await cli(['doctor', '--url', em.scimUrl, '--keys', 'region,nope', '--roles', '4']);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('✗ key:nope: key nope is not defined in Domo (Admin > Governance > Attributes)');
    expect(result.stderr).toBe('domo-identity: doctor: 1 of 7 checks failed: key:nope\n');
  });

  it.each([
    ['an unknown option', ['doctor', '--bogus'], { DOMO_SCIM_TOKEN: TOKEN }, /unknown option '--bogus'/],
    ['a missing token', ['doctor', '--keys', 'region'], {}, /DOMO_SCIM_TOKEN is not set/],
    ['an unknown command', ['docter'], { DOMO_SCIM_TOKEN: TOKEN }, /unknown command 'docter'/],
  ])('exits 2 for a usage error: %s', async (_name, args, env, message) => {
    const result = await cli(args, env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
  });

  it('never prints the token', async () => {
    const results = await Promise.all([
      cli(['doctor', '--url', em.scimUrl, '--keys', 'nope']),
      cli(['doctor', '--url', em.scimUrl], { DOMO_SCIM_TOKEN: `${TOKEN}-wrong` }),
    ]);
    expect(results.map((r) => r.code)).toEqual([1, 1]);
    for (const r of results) expect(r.stdout + r.stderr).not.toContain(TOKEN);
  });
});

describe('the exit-code table (src/cli/exit-codes.ts)', () => {
  it.each([
    ['a bad input row', new InputError({ file: 'roster.csv', row: 2 }, 'bad'), 2],
    ['a malformed cell, by name', Object.assign(new Error('x'), { name: 'CellValueError' }), 2],
    ['a configuration error', new ConfigError('x'), 2],
    ['commander: an unknown option', new CommanderError(1, 'commander.unknownOption', 'x'), 2],
    ['commander: help', new CommanderError(0, 'commander.helpDisplayed', '(outputHelp)'), 0],
    ['drift: differences found', new DriftFoundError({ inSync: false, facets: new Map() }), 3],
    ['drift: a bad option', new DriftCheckError(new ConfigError('x')), 2],
    ['drift: Domo failed', new DriftCheckError(new Error('SCIM GET /Users failed')), 1],
    ['a change that cannot be applied', new CannotApplyError(['x']), 4],
    ['anything else', new Error('SCIM GET /Users failed'), 1],
  ])('%s exits %d', (_name, err, code) => {
    expect(exitCodeOfCliError(err)).toBe(code);
  });

  it("reads as a table in help texts: the one table's label, then what the code means for the command", () => {
    expect(exitCodesHelp('drift')).toBe(
      [
        '',
        'Exit codes:',
        '  0  success: in sync',
        '  1  failure: the check failed (the synth, Domo, the network)',
        '  2  usage error: a bad option, variable or synthesized file',
        '  3  differences found: Domo differs from the code (the report says where)',
      ].join('\n'),
    );
  });

  it("is in the README as one table, and in the generated project's README", () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8')).toContain(`${exitCodesMarkdown()}\n`);
    expect(readFileSync(join(ROOT, 'templates', 'init', 'README.md'), 'utf8')).toContain(`${exitCodesMarkdown()}\n`);
  });
});

describe('domo-identity --version, --help and bin/domo-identity.js', () => {
  const COMMANDS = ['init', 'emulator', 'demo', 'deploy', 'reconcile', 'doctor', 'plan-summary', 'snapshot', 'drift', 'export'];

  it.each([CLI, BIN])('%s --version prints the package version', async (entry) => {
    expect(await cli(['--version'], {}, entry)).toEqual({ code: 0, stdout: `${VERSION}\n`, stderr: '' });
  });

  it('lists the exit codes in the top-level help, and every command', async () => {
    const help = await cli(['--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toContain(`${exitCodesHelp('domo-identity')}\n`);
    for (const command of COMMANDS) expect(help.stdout).toMatch(new RegExp(`\\n  ${command}\\b`));
  });

  it.each(COMMANDS)('%s --help ends with its exit codes from the one table', async (command) => {
    const help = await cli([command, '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout.endsWith(`${exitCodesHelp(command as CommandName)}\n`)).toBe(true);
    expect(Object.keys(COMMAND_EXIT_CODES[command as CommandName])).toEqual(expect.arrayContaining(['0', '1', '2']));
  });

  it.each(['plan', 'deploy', 'reconcile'])('%s --help says it exits 4 when the mass-removal guard refuses', async (command) => {
    const help = await cli([command, '--help'], {});
    expect(help.stdout).toMatch(
      /\n {2}4 {2}cannot be applied: the change clears, deletes or removes from groups or policies more of a construct's users/,
    );
  });

  it('bin/domo-identity.js exits as the CLI does, through the same table', async () => {
    const cases: Array<[string[], Record<string, string>]> = [
      [['docter'], {}],
      [['snapshot', 'abc', '--out', join(cwd, 'x.csv')], {}],
      [['doctor', '--url', em.scimUrl, '--keys', 'nope'], { DOMO_SCIM_TOKEN: TOKEN }],
    ];
    for (const [args, env] of cases) {
      const [viaMain, viaBin] = await Promise.all([cli(args, env), cli(args, env, BIN)]);
      expect(viaBin).toEqual(viaMain);
    }
    expect((await cli(['snapshot', 'abc', '--out', join(cwd, 'x.csv')], {}, BIN)).code).toBe(2);
  });
});
