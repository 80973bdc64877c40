import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { EXIT_FAILURE, EXIT_USAGE } from '../../src/errors';
import { TestProject } from '../support/project';
import { sampleRoster, sampleSeed } from '../support/roster';

/** A port nothing listens on: a server's, once it is closed. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

type Failure = 'Domo unreachable' | 'token refused' | 'unknown option' | 'token unset';

/**
 * The same failure gets the same code from every command (src/cli/exit-codes.ts), through the built
 * CLI in a project of the sample app. Each row is one failure; each command that can meet it runs
 * once. plan-summary reads no Domo, so it meets only the usage failures, and a failing
 * `terraform show` (1).
 */
describe('one exit-code table: the same failure, the same code, from every command', () => {
  let project: TestProject;
  let unreachable: string;

  const COMMANDS: Record<string, string[]> = {
    plan: ['plan', '--out', 'x.tfplan'],
    deploy: ['deploy'],
    drift: ['drift'],
    export: ['export', '--out', 'users.csv', '--keys', 'region'],
    doctor: ['doctor'],
    'plan-summary': ['plan-summary', '--stack-dir', '.'],
  };
  const DOMO_COMMANDS = ['plan', 'deploy', 'drift', 'export', 'doctor'];

  const FAILURES: ReadonlyArray<{ failure: Failure; code: number; commands: readonly string[] }> = [
    { failure: 'Domo unreachable', code: EXIT_FAILURE, commands: DOMO_COMMANDS },
    { failure: 'token refused', code: EXIT_FAILURE, commands: DOMO_COMMANDS },
    { failure: 'unknown option', code: EXIT_USAGE, commands: Object.keys(COMMANDS) },
    { failure: 'token unset', code: EXIT_USAGE, commands: DOMO_COMMANDS },
  ];

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: sampleRoster() });
    unreachable = `http://127.0.0.1:${await closedPort()}/api/identity/v1/scim`;
  });
  afterAll(async () => {
    await project?.close();
  });

  function run(command: string, failure: Failure) {
    const args = [...COMMANDS[command]!];
    const env: Record<string, string> = {};
    if (failure === 'Domo unreachable') env.DOMO_SCIM_URL = unreachable;
    if (failure === 'token refused') env.DOMO_SCIM_TOKEN = `${project.token}-wrong`;
    if (failure === 'token unset') env.DOMO_SCIM_TOKEN = '';
    if (failure === 'unknown option') args.push('--bogus');
    // doctor takes its root from --url (else the synthesized files, else the local default).
    if (command === 'doctor') args.push('--url', env.DOMO_SCIM_URL ?? project.emulator.scimUrl);
    return project.cli(args, env);
  }

  // One command at a time: plan, deploy and drift share the project folder's run lock.
  it.each(FAILURES)('$failure: exit $code from every command that meets it', async ({ failure, code, commands }) => {
    const codes: Record<string, number> = {};
    for (const command of commands) {
      const result = await run(command, failure);
      codes[command] = result.code;
      expect(result.output).not.toContain(project.token);
      if (code !== 0) expect(result.stderr).toMatch(/^domo-identity: |error: unknown option/m);
    }
    expect(codes).toEqual(Object.fromEntries(commands.map((c) => [c, code])));
  });

  it('Domo unreachable names the cause on one line', async () => {
    const result = await run('plan', 'Domo unreachable');
    expect(result.stderr).toMatch(/^domo-identity: preflight: cannot check the token: .*ECONNREFUSED.*\. Nothing was planned or changed$/m);
  });

  it('plan-summary: terraform show failing is a failure (1), like every command', async () => {
    const stackDir = path.join(project.dir, 'broken-stack');
    fs.mkdirSync(stackDir, { recursive: true });
    fs.writeFileSync(path.join(stackDir, 'plan'), 'not a plan file');
    const result = await project.cli(['plan-summary', '--stack-dir', 'broken-stack']);
    expect(result.code).toBe(EXIT_FAILURE);
  });
});
