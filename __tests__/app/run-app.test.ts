import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TerraformStack } from 'cdktf';
import { ConfigError, DomoGovernancePolicy, DomoUserAttributes, InputError, InputErrors, parseCellValues, runApp } from '../../src';
import { appFailureOf } from '../../src/cli/cdktf';

const scim = { url: 'https://acme.domo.com/api/identity/v1/scim' };

describe('runApp', () => {
  let outdir: string;
  let written: string[];
  const stderr = { write: (text: string) => written.push(text) };

  beforeEach(() => {
    outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'run-app-'));
    written = [];
  });
  afterEach(() => {
    process.exitCode = undefined; // runApp sets it; the test runner must not exit with it
    fs.rmSync(outdir, { recursive: true, force: true });
  });

  test('synthesizes what the callback builds, after awaiting it', async () => {
    const code = await runApp(
      async (app) => {
        await Promise.resolve();
        new DomoUserAttributes(new TerraformStack(app, 'ok'), 'Attrs', { users: [], managedKeys: ['region'], scim });
      },
      { outdir, stderr },
    );
    expect(code).toBe(0);
    expect(process.exitCode).toBeUndefined();
    expect(written).toEqual([]);
    expect(fs.existsSync(path.join(outdir, 'stacks', 'ok', 'cdk.tf.json'))).toBe(true);
  });

  test.each<[string, () => unknown]>([
    ['a ConfigError', () => Promise.reject(new ConfigError('DOMO_SCIM_URL is set but empty'))],
    ['an InputError', () => Promise.reject(new InputError({ file: 'roster.csv', row: 2, line: 3, field: 'email' }, 'bad'))],
    ['InputErrors', () => Promise.reject(new InputErrors([new InputError({ file: 'a.csv' }, 'x')]))],
    ['a malformed cell', () => parseCellValues('[North, East')],
  ])('%s: its message once, no stack trace, exit 2', async (_name, fail) => {
    let thrown: Error | undefined;
    const code = await runApp(
      async () => {
        try {
          await fail();
        } catch (err) {
          thrown = err as Error;
          throw err;
        }
      },
      { outdir, stderr },
    );
    expect(code).toBe(2);
    expect(process.exitCode).toBe(2);
    expect(written).toEqual([`${thrown!.message}\n`]);
  });

  test("a failed construct validation (the governance policy) exits 2, without cdktf's advice to skip validations", async () => {
    const code = await runApp(
      (app) => {
        const stack = new TerraformStack(app, 'gov');
        new DomoUserAttributes(stack, 'Attrs', { users: [{ userName: 'zoë@example.com', attributes: {} }], managedKeys: ['region'], scim });
        new DomoGovernancePolicy(stack, 'Governance', { keys: {} });
      },
      { outdir, stderr },
    );
    expect(code).toBe(2);
    expect(written).toEqual([
      'Validation failed with the following errors:\n' +
        '  [gov/Governance] gov/Attrs writes custom attribute "region" for user zoë@example.com, which the governance policy gov/Governance does not declare. Declare it with its value source, or stop writing it.\n',
    ]);
  });

  test('anything else: its message once, exit 1', async () => {
    const code = await runApp(
      () => {
        throw new TypeError('Cannot read properties of undefined');
      },
      { outdir, stderr },
    );
    expect(code).toBe(1);
    expect(process.exitCode).toBe(1);
    expect(written).toEqual(['Cannot read properties of undefined\n']);
  });
});

describe("reading cdktf's report of a failed app", () => {
  // As cdktf 0.21 prints it (ANSI escapes removed): the app's stderr as it arrived, then the summary.
  const output = [
    '⠹  Synthesizing',
    '[2026-01-01T10:00:00.000] [ERROR] default - 2 problems in the input:',
    '  - a.csv, row 1 (line 2): x',
    '',
    '',
    'ERROR: cdktf encountered an error while synthesizing',
    '',
    'Synth command: node dist/main.js',
    'Error:         non-zero exit code 2',
    '',
    'Command output on stderr:',
    '',
    '    2 problems in the input:',
    '      - a.csv, row 1 (line 2): x',
    '',
    '    second paragraph',
    '',
    '',
    '',
    'Command output on stdout:',
    '',
    '    printed',
    '',
    '',
    '⠹  Synthesizing',
  ].join('\n');

  test("the app's exit code and its output, once", () => {
    expect(appFailureOf(output)).toEqual({
      exitCode: 2,
      output: '2 problems in the input:\n  - a.csv, row 1 (line 2): x\n\nsecond paragraph\nprinted',
    });
  });

  test('no report, no failure', () => {
    expect(appFailureOf('Generated Terraform code for the stacks: x')).toBeUndefined();
  });
});
