import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { preflight, stackNeeds } from '../../src/cli/doctor/preflight';
import { DOCTOR_RETRY_POLICY } from '../../src/cli/doctor/run-doctor';
import { DEFAULT_RETRY_POLICY } from '../../src/domo/retry';
import { exitCodeOf } from '../../src/errors';
import { SynthOutput } from '../../src/synth/reader';
import { sampleSeed } from '../support/roster';
import { writeFixtureStack } from '../support/synth-fixture';

const TOKEN = 'preflight-token-8d1f';

describe("preflight: doctor's checks for a synthesized stack, read-only", () => {
  let em: RunningEmulator;
  let dir: string;
  let output: SynthOutput;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, token: TOKEN, seed: sampleSeed() });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    const stackDir = path.join(dir, 'stack');
    writeFixtureStack(stackDir, { url: em.scimUrl, authScheme: 'bearer' }, [
      {
        path: 's/Attributes',
        kind: 'user-attributes',
        construct: { managedKeys: ['franchise', 'storeNumbr', 'ssoDepartment', 'brandNew'], removalPolicy: 'clear', desiredUsers: [] },
        instances: new Map(),
      },
      {
        path: 's/Employees',
        kind: 'users',
        construct: {
          removalPolicy: 'retain',
          desiredUsers: [],
          customAttributeKeys: ['storeNumbr', 'trainingCertified'],
          roleIds: ['4', '101', '77'],
        },
        instances: new Map(),
      },
      {
        path: 's/Definitions',
        kind: 'custom-attributes',
        construct: { removalPolicy: 'retain', desiredKeys: ['brandNew'] },
        instances: new Map(),
      },
    ]);
    output = SynthOutput.open(stackDir);
  });
  afterEach(async () => {
    await em.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('names what the stack writes per construct, leaving out keys the stack itself defines', () => {
    const needs = stackNeeds(output);
    expect(Object.fromEntries(needs.keys)).toEqual({
      franchise: ['DomoUserAttributes "s/Attributes"'],
      storeNumbr: ['DomoUserAttributes "s/Attributes"', 'DomoUsers "s/Employees"'],
      ssoDepartment: ['DomoUserAttributes "s/Attributes"'],
      trainingCertified: ['DomoUsers "s/Employees"'],
    });
    expect([...needs.roles.keys()]).toEqual(['4', '101', '77']);
  });

  it('lists every problem with key or role, construct and fix in one ConfigError (exit 2), and only reads', async () => {
    const failure = await failureOf(preflight({ output, token: TOKEN }));
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).name).toBe('ConfigError');
    const message = (failure as Error).message;
    expect(message).toMatch(/^preflight found 3 problems before Terraform ran \(nothing was planned or changed\):\n/);
    expect(message).toContain(
      '  - DomoUserAttributes "s/Attributes", DomoUsers "s/Employees" write the custom attribute key "storeNumbr": key storeNumbr is not defined in Domo',
    );
    expect(message).toContain(
      '  - DomoUserAttributes "s/Attributes" writes the custom attribute key "ssoDepartment": key ssoDepartment is IdP-only',
    );
    expect(message).toContain(
      '  - DomoUsers "s/Employees" gives users role id 77: role 77 does not exist in Domo: create it in Admin > Roles',
    );
    expect(em.requests.every((r) => r.method === 'GET')).toBe(true);
  });

  function goodStack(): SynthOutput {
    const good = path.join(dir, 'good');
    writeFixtureStack(good, { url: em.scimUrl, authScheme: 'bearer' }, [
      {
        path: 's/Employees',
        kind: 'users',
        construct: { removalPolicy: 'retain', desiredUsers: [], customAttributeKeys: ['trainingCertified'], roleIds: ['101'] },
        instances: new Map(),
      },
    ]);
    return SynthOutput.open(good);
  }
  /** What a preflight that must fail threw. */
  const failureOf = (run: Promise<unknown>) =>
    run.then(
      () => {
        throw new Error('preflight passed');
      },
      (e: unknown) => e as Error,
    );
  /** Backoff waits are not waited: the retries are counted, not timed. */
  const noSleep = () => Promise.resolve();

  it('passes when everything exists, and fails (exit 1, not 2) naming the cause when Domo refuses the token', async () => {
    await expect(preflight({ output: goodStack(), token: TOKEN })).resolves.toEqual({ keys: 1, roles: 1, requests: 3 });
    const refused = await failureOf(preflight({ output: goodStack(), token: 'wrong' }));
    expect(refused.message.split('\n')).toEqual([
      'preflight: 401 from Domo: DOMO_SCIM_TOKEN is not accepted (set it to a valid Domo access token, and DOMO_SCIM_AUTH_SCHEME to how it is sent: bearer or developer-token). Nothing was planned or changed',
    ]);
    expect(exitCodeOf(refused)).toBe(1);
  });

  it("rides out 5xx answers as the engine does: its retries, not the doctor's three attempts", async () => {
    const failures = DOCTOR_RETRY_POLICY.maxAttempts!; // more than the doctor would take, fewer than the engine's
    expect(failures).toBeLessThan(DEFAULT_RETRY_POLICY.maxAttempts - 1);
    for (const pathPattern of ['^/Users$', 'properties/meta/keys', 'roles'])
      em.addFault({ kind: 'status', status: 502, method: 'GET', pathPattern, times: failures });
    await expect(preflight({ output: goodStack(), token: TOKEN, sleep: noSleep })).resolves.toEqual({ keys: 1, roles: 1, requests: 3 });
    expect(em.requests.filter((r) => r.status === 502)).toHaveLength(3 * failures);
  });

  it('a 5xx that outlasts the retries is a failure (exit 1), never a usage error (2)', async () => {
    em.addFault({ kind: 'status', status: 502, method: 'GET', pathPattern: 'properties/meta/keys' });
    const failure = await failureOf(preflight({ output: goodStack(), token: TOKEN, sleep: noSleep }));
    expect(failure.name).toBe('Error');
    expect(failure.message).toMatch(/^preflight: cannot list Domo's attribute definitions: .*502.*gave up after 8 attempts/);
    expect(exitCodeOf(failure)).toBe(1);
  });

  it('waits out a 429 within the time budget, and fails (exit 1) when it outlasts it', async () => {
    em.addFault({ kind: 'status', status: 429, retryAfter: 1, method: 'GET', pathPattern: 'roles', times: 2 });
    await expect(preflight({ output: goodStack(), token: TOKEN, sleep: noSleep })).resolves.toMatchObject({ roles: 1 });
    expect(em.requests.filter((r) => r.status === 429)).toHaveLength(2);

    em.addFault({ kind: 'status', status: 429, retryAfter: 60, method: 'GET', pathPattern: 'roles' });
    const failure = await failureOf(preflight({ output: goodStack(), token: TOKEN, sleep: noSleep, timeBudgetMs: 1000 }));
    expect(failure.message).toMatch(
      /still rate limited when the time budget \(DOMO_IDENTITY_TIME_BUDGET, 1 s of waiting on 429s and failures\) was spent/,
    );
    expect(exitCodeOf(failure)).toBe(1);
  });
});
