import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestProject } from '../support/project';
import { runCdktf } from '../../src/cli/cdktf';
import { ROOT, sampleSeed } from '../support/roster';

/**
 * A user's own cdktf app (written with runApp) that rejects its input, run through the real cdktf
 * CLI. runApp prints the message once, without a stack trace, and exits 2. cdktf 0.21 itself exits
 * 1 whatever the app's exit code and prints the app's stderr twice (as it arrives, and again in its
 * summary); `domo-identity deploy` reports the app's message once and passes the 2 on.
 */
describe('a validation error in a user app', () => {
  let project: TestProject;
  const ROSTER = 'email,region\nzoë@example.com,"[North, East"\njane doe@example.com,South\n';
  const CELL = 'roster.csv, row 1 (line 2), field "region": cell "[North, East" starts with "[" but does not end with "]"';
  const USER = `roster.csv, row 2 (line 3), field "email": "jane doe@example.com" is not a valid userName: it contains whitespace`;
  const STACK_TRACE = /^\s+at /m;
  const count = (text: string, part: string) => text.split(part).length - 1;

  beforeAll(async () => {
    project = await TestProject.create({
      seed: sampleSeed(),
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'invalid-app.js'),
      stack: 'invalid',
    });
    project.writeFile('roster.csv', ROSTER);
  });
  afterAll(async () => {
    await project?.close();
  });
  beforeEach(() => {
    project.emulator.resetRequests();
  });
  const useCase = (name: string) => {
    project.extraEnv = { INVALID_APP_CASE: name, INVALID_APP_ROSTER: 'roster.csv' };
  };

  it('cdktf synth: exit 1 (cdktf maps every app failure to 1), the app exit 2 in its summary, no stack trace', async () => {
    useCase('csv');
    const result = await project.synth();
    expect(result.code).toBe(1);
    expect(result.output).toContain('Error:         non-zero exit code 2\n');
    expect(result.output).not.toMatch(STACK_TRACE);
    // cdktf's doing: once as the app writes it (its log line), once in its summary.
    expect(count(result.output, CELL)).toBe(2);
    expect(count(result.output, USER)).toBe(2);
  });

  it('cdktf plan with CDKTF_LOG_FILE_DIRECTORY: the message once, exit 1', async () => {
    useCase('csv');
    const logs = fs.mkdtempSync(path.join(project.dir, 'logs-'));
    const result = await runCdktf(['plan'], { cwd: project.dir, env: { ...project.env(), CDKTF_LOG_FILE_DIRECTORY: logs } });
    expect(result.code).toBe(1);
    expect(count(result.output, CELL)).toBe(1);
    expect(count(result.output, USER)).toBe(1);
    expect(result.output).not.toMatch(STACK_TRACE);
  });

  it.each([
    ['csv', '2 problems in the input:', [CELL, USER]],
    ['key', 'DomoUserAttributes "invalid/Attributes": managed key "store_number" is not a valid attribute key', ['so use "storeNumber".']],
    [
      'governance',
      'Validation failed with the following errors:\n  [invalid/Governance] invalid/Attributes writes custom attribute "region" for user zoë@example.com',
      ['which the governance policy invalid/Governance does not declare'],
    ],
  ])('domo-identity deploy: the %s error once, no stack trace, exit 2, nothing sent to Domo', async (name, first, parts) => {
    useCase(name);
    const result = await project.cli(['deploy']);
    expect(result.code).toBe(2);
    for (const part of [first, ...parts]) expect(count(result.output, part)).toBe(1);
    expect(result.output).not.toMatch(STACK_TRACE);
    expect(result.output).not.toContain('skipValidation: true');
    expect(result.stderr).toContain('domo-identity: the cdktf app reported bad input or configuration (above); nothing was deployed\n');
    expect(project.emulator.requests).toEqual([]);
  });

  it('domo-identity deploy: an unexpected app error is printed once without a stack trace, exit 1', async () => {
    useCase('crash');
    const result = await project.cli(['deploy']);
    expect(result.code).toBe(1);
    expect(count(result.output, 'something unexpected broke')).toBe(1);
    expect(result.output).not.toMatch(STACK_TRACE);
    expect(result.stderr).toContain('domo-identity: the cdktf app failed during synth (exit 1); see its output above\n');
  });
});
