import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { preflight, stackNeeds } from '../../src/cli/doctor/preflight';
import { checkStack, kindsLackingCredentials } from '../../src/cli/pipeline/plan-checks';
import { openLiveReads } from '../../src/cli/drift/run-drift';
import { DOCTOR_RETRY_POLICY } from '../../src/cli/doctor/run-doctor';
import { DEFAULT_RETRY_POLICY } from '../../src/domo/retry';
import type { Deployed } from '../../src/drift/facet';
import { exitCodeOf } from '../../src/errors';
import { SynthOutput } from '../../src/synth/reader';
import { sampleSeed } from '../support/roster';
import { writeFixtureStack } from '../support/synth-fixture';

const TOKEN = 'preflight-token-8d1f';
const ROLES = 'Admin (1), Privileged (2), Editor (3), Participant (4), Social (5), Store Manager (101)';

describe("preflight and the plan's checks: doctor's checks for a synthesized stack, read-only", () => {
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

  it('checks lists every problem (construct, user or name, what is missing, the fix) as a loop over kinds, and only reads', async () => {
    const employees = path.join(dir, 'checks');
    const usersShard = (users: object[]) => new Map([['00', { shard: '00', users }]]);
    writeFixtureStack(employees, { url: em.scimUrl, authScheme: 'bearer' }, [
      {
        path: 's/Attributes',
        kind: 'user-attributes',
        construct: { managedKeys: ['franchise', 'storeNumbr'], removalPolicy: 'clear', desiredUsers: [] },
        instances: usersShard([
          { userName: 'maria.lopez@sunbeltfoods.example', attributes: {} },
          { userName: 'new.hire@acme.example', attributes: {} },
          { userName: 'created@acme.example', attributes: {} },
        ]),
      },
      {
        path: 's/Employees',
        kind: 'users',
        construct: {
          removalPolicy: 'retain',
          desiredUsers: [],
          customAttributeKeys: [],
          roleIds: ['4', 'name:Store Manager', 'name:Wizard', '77'],
        },
        instances: usersShard([
          {
            userName: 'created@acme.example',
            fields: { displayName: 'C', role: '4', manager: 'gone.boss@acme.example' },
            customAttributes: {},
          },
        ]),
      },
      {
        path: 's/Policies',
        kind: 'pdp-policies',
        construct: { removalPolicy: 'retain', desiredPolicies: [] },
        instances: new Map([
          ['no-such-dataset', { dataset: 'no-such-dataset', policies: [] }],
          [
            '7c3e5a10-sales',
            {
              dataset: '7c3e5a10-sales',
              policies: [
                { name: 'P', allRows: true, filters: [], users: ['created@acme.example', 'ghost@acme.example'], groups: ['No Group'] },
              ],
            },
          ],
        ]),
      },
    ]);
    const seed = sampleSeed();
    const client = seed.apiClients![0]!;
    const env = { DOMO_SCIM_TOKEN: TOKEN, DOMO_API_HOST: em.url, DOMO_CLIENT_ID: client.clientId, DOMO_CLIENT_SECRET: client.clientSecret };
    const reads = openLiveReads({ scim: { url: em.scimUrl, authScheme: 'bearer' }, token: TOKEN, env });
    try {
      const problems = await checkStack({ output: SynthOutput.open(employees), reads, env });
      expect(problems.map((p) => `${p.construct} | ${p.subject} | ${p.missing} | ${p.fix}`)).toEqual([
        'DomoUserAttributes "s/Attributes" | key storeNumbr | key storeNumbr is not defined in Domo (Admin > Governance > Attributes) | ' +
          'define "storeNumbr" in Domo (Admin > Governance > Attributes, or with a DomoCustomAttributes construct in this stack), or stop writing it',
        `DomoUsers "s/Employees" | role Wizard | does not exist in Domo | create it in Admin > Roles, or use one of ${ROLES}`,
        `DomoUsers "s/Employees" | role 77 | does not exist in Domo | create it in Admin > Roles, or use one of ${ROLES}`,
        'DomoUserAttributes "s/Attributes" | user new.hire@acme.example | gets attributes written, is not a Domo user and no construct of this stack creates them | ' +
          'create the user in Domo, manage them with DomoUsers in this stack, or remove them from the data',
        'DomoUsers "s/Employees" | user gone.boss@acme.example | is named as a manager, is not a Domo user and no construct of this stack creates them | ' +
          'create the user in Domo, manage them with DomoUsers in this stack, or remove them from the data',
        'DomoPdpPolicies "s/Policies" | dataset no-such-dataset | Domo has no dataset with this id | ' +
          "check the id (the last part of the dataset's URL in Domo), or remove the dataset's policies",
        'DomoPdpPolicies "s/Policies" | user ghost@acme.example | is a member of policy "P" on dataset 7c3e5a10-sales, is not a Domo user and no construct of this stack creates them | ' +
          'create the user in Domo, manage them with DomoUsers in this stack, or remove them from the data',
        'DomoPdpPolicies "s/Policies" | group No Group | is a member of policy "P" on dataset 7c3e5a10-sales, is not a Domo directory group and no construct of this stack creates it | ' +
          'create the group in Domo, manage it with DomoDirectoryGroups in this stack, or remove it from the data',
      ]);
      expect(em.requests.filter((r) => r.method !== 'GET' && r.path !== '/oauth/token')).toEqual([]);
      // One listing of users however many constructs name users.
      expect(em.requests.filter((r) => r.method === 'GET' && r.path === '/api/identity/v1/scim/Users').length).toBeLessThanOrEqual(1);

      const without = await checkStack({ output: SynthOutput.open(employees), reads, env: { DOMO_SCIM_TOKEN: TOKEN } });
      expect(without.find((p) => p.subject === 'credentials')).toMatchObject({
        construct: 'DomoPdpPolicies "s/Policies"',
        missing: expect.stringContaining('DOMO_CLIENT_ID is not set'),
      });
      expect(without.filter((p) => p.construct.startsWith('DomoPdpPolicies'))).toHaveLength(1);
      const lacking = (e: NodeJS.ProcessEnv) =>
        [...kindsLackingCredentials(SynthOutput.open(employees), e).keys()].map((k) => k.constructClass);
      expect(lacking({ DOMO_SCIM_TOKEN: TOKEN })).toEqual(['DomoPdpPolicies']);
      expect(lacking(env)).toEqual([]);
    } finally {
      await reads.close();
    }
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
    await expect(preflight({ output: goodStack(), token: TOKEN })).resolves.toEqual({ requests: 1 });
    await expect(checksOf(goodStack())).resolves.toEqual([]);
    const refused = await failureOf(preflight({ output: goodStack(), token: 'wrong' }));
    expect(refused.message.split('\n')).toEqual([
      'preflight: 401 from Domo: DOMO_SCIM_TOKEN is not accepted (set it to a valid Domo access token, and DOMO_SCIM_AUTH_SCHEME to how it is sent: bearer or developer-token). Nothing was planned or changed',
    ]);
    expect(exitCodeOf(refused)).toBe(1);
  });

  it('with publicApi, checks the API client of a stack with PDP policies once, through the same transport; a refused client fails on one line (exit 1)', async () => {
    const stackDir = path.join(dir, 'pdp');
    writeFixtureStack(stackDir, { url: em.scimUrl, authScheme: 'bearer' }, [
      { path: 's/Policies', kind: 'pdp-policies', construct: { removalPolicy: 'retain', desiredPolicies: [] }, instances: new Map() },
    ]);
    const pdp = SynthOutput.open(stackDir);
    expect(stackNeeds(pdp).publicApi).toEqual(['DomoPdpPolicies "s/Policies"']);
    expect(stackNeeds(goodStack()).publicApi).toBeUndefined();
    const client = sampleSeed().apiClients![0]!;
    const asked: string[] = [];
    const access = (secret: string) => (what: string) => (asked.push(what), { ...client, clientSecret: secret, apiHost: em.url });

    em.addFault({ kind: 'status', status: 502, method: 'POST', pathPattern: '/oauth/token', times: 2 });
    await expect(preflight({ output: pdp, token: TOKEN, publicApi: access(client.clientSecret), sleep: noSleep })).resolves.toEqual({
      requests: 2,
      apiClient: true,
    });
    expect(asked).toEqual(['DomoPdpPolicies "s/Policies"']);
    expect(em.requests.filter((r) => r.path === '/oauth/token').map((r) => r.status)).toEqual([502, 502, 200]);
    // Without publicApi (plan: the checks say whether the credentials are set), the client is not asked for.
    await expect(preflight({ output: pdp, token: TOKEN })).resolves.toEqual({ requests: 1 });

    const refused = await failureOf(
      preflight({ output: pdp, token: TOKEN, publicApi: access('not-the-secret'), untouched: 'Nothing was applied' }),
    );
    expect(refused.message.split('\n')).toEqual([
      `preflight: Domo refused the client credentials of API client "${client.clientId}" at ${em.url} ` +
        '(HTTP 401: Bad credentials: send the client id and secret as HTTP Basic auth): ' +
        'check the client id and secret (DOMO_CLIENT_ID, DOMO_CLIENT_SECRET), and that the client has the "data" scope. Nothing was applied',
    ]);
    expect(refused.message).not.toContain('not-the-secret');
    expect(exitCodeOf(refused)).toBe(1);
  });

  /** The plan's checks of a stack, through reads opened as plan opens them. */
  const checksOf = async (stack: SynthOutput, options: { timeBudgetMs?: number } = {}) => {
    const env = { DOMO_SCIM_TOKEN: TOKEN };
    const reads = openLiveReads({ scim: { url: em.scimUrl, authScheme: 'bearer' }, token: TOKEN, env, sleep: noSleep, ...options });
    try {
      return await checkStack({ output: stack, reads, env });
    } finally {
      await reads.close();
    }
  };

  it("preflight and checks ride out 5xx answers as the engine does: its retries, not the doctor's three attempts", async () => {
    const failures = DOCTOR_RETRY_POLICY.maxAttempts!; // more than the doctor would take, fewer than the engine's
    expect(failures).toBeLessThan(DEFAULT_RETRY_POLICY.maxAttempts - 1);
    for (const pathPattern of ['^/Users$', 'properties/meta/keys', 'roles'])
      em.addFault({ kind: 'status', status: 502, method: 'GET', pathPattern, times: failures });
    await expect(preflight({ output: goodStack(), token: TOKEN, sleep: noSleep })).resolves.toEqual({ requests: 1 });
    await expect(checksOf(goodStack())).resolves.toEqual([]);
    expect(em.requests.filter((r) => r.status === 502)).toHaveLength(3 * failures);
  });

  it('a 5xx that outlasts the retries is a failure (exit 1), never a usage error (2)', async () => {
    em.addFault({ kind: 'status', status: 502, method: 'GET', pathPattern: 'properties/meta/keys' });
    const failure = await failureOf(checksOf(goodStack()));
    expect(failure.name).toBe('Error');
    expect(failure.message).toMatch(/^plan: cannot list Domo's attribute definitions: .*502.*gave up after 8 attempts/);
    expect(exitCodeOf(failure)).toBe(1);
  });

  it('waits out a 429 within the time budget, and fails (exit 1) when it outlasts it', async () => {
    em.addFault({ kind: 'status', status: 429, retryAfter: 1, method: 'GET', pathPattern: 'roles', times: 2 });
    await expect(checksOf(goodStack())).resolves.toEqual([]);
    expect(em.requests.filter((r) => r.status === 429)).toHaveLength(2);

    em.addFault({ kind: 'status', status: 429, retryAfter: 60, method: 'GET', pathPattern: 'roles' });
    const failure = await failureOf(checksOf(goodStack(), { timeBudgetMs: 1000 }));
    expect(failure.message).toMatch(
      /still rate limited when the time budget \(DOMO_IDENTITY_TIME_BUDGET, 1 s of waiting on 429s and failures\) was spent/,
    );
    expect(exitCodeOf(failure)).toBe(1);
  });

  it('leaves out custom roles a DomoRoles construct of the stack creates, and checks the token can manage roles', async () => {
    const stackDir = path.join(dir, 'with-roles');
    const role = { name: 'Franchise Manager', grants: ['dataset.export'], fromRoleId: 4 };
    writeFixtureStack(stackDir, { url: em.scimUrl, authScheme: 'bearer' }, [
      {
        path: 's/Roles',
        kind: 'roles',
        construct: { removalPolicy: 'retain', desiredRoles: ['franchise manager'] },
        instances: new Map([[role.name, { role }]]),
      },
      {
        path: 's/Employees',
        kind: 'users',
        construct: { removalPolicy: 'retain', desiredUsers: [], customAttributeKeys: [], roleIds: ['4', 'name:FRANCHISE MANAGER'] },
        instances: new Map(),
      },
    ]);
    const withRoles = SynthOutput.open(stackDir);
    const needs = stackNeeds(withRoles);
    expect([...needs.roles.keys()]).toEqual(['4']);
    expect(needs.manageRoles).toBe(true);
    await expect(preflight({ output: withRoles, token: TOKEN })).resolves.toEqual({ requests: 2 });
    em.store.setTokenOwner({ userName: 'robot@sunbeltfoods.example', grants: ['Manage All Users', 'Manage All Groups'] });
    await expect(preflight({ output: withRoles, token: TOKEN })).rejects.toThrow(
      "  - reading roles and their grants was refused (403): the token's owner needs the grant Manage All Roles to read and manage custom roles (Admin > Governance > Roles)",
    );
  });

  it("checks a DomoRoles construct's grants against the instance's grant list at plan time, naming role and grant", async () => {
    const stackDir = path.join(dir, 'bad-grants');
    const good = { name: 'Franchise Manager', grants: ['dataset.export'], fromRoleId: 4 };
    const bad = { name: 'Store Lead', grants: ['dataset.exprot', 'Dataset.Export'], fromRoleId: 4 };
    writeFixtureStack(stackDir, { url: em.scimUrl, authScheme: 'bearer' }, [
      {
        path: 's/Roles',
        kind: 'roles',
        construct: { removalPolicy: 'retain', desiredRoles: ['franchise manager', 'store lead'] },
        instances: new Map([
          [good.name, { role: good }],
          [bad.name, { role: bad }],
        ]),
      },
    ]);
    const reads = openLiveReads({ scim: { url: em.scimUrl, authScheme: 'bearer' }, token: TOKEN, env: { DOMO_SCIM_TOKEN: TOKEN } });
    try {
      const problems = await checkStack({ output: SynthOutput.open(stackDir), reads, env: { DOMO_SCIM_TOKEN: TOKEN } });
      expect(problems.map((p) => `${p.construct} | ${p.subject} | ${p.missing}`)).toEqual([
        `DomoRoles "s/Roles" | role Store Lead | grant "dataset.exprot" is not a grant of this Domo instance (Admin > Governance > Roles lists the instance's grants)`,
        `DomoRoles "s/Roles" | role Store Lead | grant "Dataset.Export" is not a grant of this Domo instance (grant ids are case-sensitive: "dataset.export")`,
      ]);
      expect(em.requests.filter((r) => r.path === '/api/authorization/v1/authorities')).toHaveLength(1);
      expect(em.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    } finally {
      await reads.close();
    }
  });
});

describe("the plan's check of roles a change deletes", () => {
  let em: RunningEmulator;
  let dir: string;

  beforeEach(async () => {
    em = await startEmulator({ port: 0, token: TOKEN, seed: sampleSeed() });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'role-removals-'));
  });
  afterEach(async () => {
    await em.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  /** What Terraform's state holds: the construct deployed these roles (trigger maps with their names). */
  const deployedRoles = (constructPath: string, names: readonly string[]): Deployed => {
    const instances = new Map(names.map((name) => [name, new Map([['name', name]])]));
    return {
      instance: (p, key) => (p === constructPath ? instances.get(key) : undefined),
      instances: (p) => (p === constructPath ? instances : new Map()),
    };
  };

  const checksWith = async (removalPolicy: 'retain' | 'delete', deployed: Deployed) => {
    const stackDir = path.join(dir, removalPolicy);
    const kept = { name: 'Franchise Manager', grants: ['dataset.export'], fromRoleId: 4 };
    writeFixtureStack(stackDir, { url: em.scimUrl, authScheme: 'bearer' }, [
      {
        path: 's/Roles',
        kind: 'roles',
        construct: { removalPolicy, desiredRoles: ['franchise manager'] },
        instances: new Map([[kept.name, { role: kept }]]),
      },
    ]);
    const env = { DOMO_SCIM_TOKEN: TOKEN };
    const reads = openLiveReads({ scim: { url: em.scimUrl, authScheme: 'bearer' }, token: TOKEN, env });
    try {
      return await checkStack({ output: SynthOutput.open(stackDir), reads, env, deployed: async () => deployed });
    } finally {
      await reads.close();
    }
  };

  it("refuses a role the change deletes while Domo's users hold it, naming how many and where to move them", async () => {
    em.store.putRole({ id: 102, name: 'Shift Lead', grants: ['alert.edit'] });
    em.store.putRole({ id: 103, name: 'Night Crew', grants: [] });
    em.store.putRole({ id: 104, name: 'Franchise Manager', grants: ['dataset.export'] });
    const users = em.store.listUsers().slice(0, 3);
    for (const user of users.slice(0, 2)) em.store.putUser({ ...user, roleId: 102 });
    em.store.putUser({ ...users[2]!, roleId: 104 });
    // Shift Lead (2 users) and Night Crew (none) leave the code; Franchise Manager stays, users and all.
    const deployed = deployedRoles('s/Roles', ['Franchise Manager', 'SHIFT LEAD', 'Night Crew']);
    const problems = await checksWith('delete', deployed);
    expect(problems).toEqual([
      {
        construct: 'DomoRoles "s/Roles"',
        subject: 'role SHIFT LEAD',
        missing: "leaves the code with removal policy 'delete', but 2 users hold it in Domo",
        fix: "give them another role with their DomoUsers `role` first, then deploy again (removal policy 'delete')",
      },
    ]);
    expect(em.requests.filter((r) => r.method !== 'GET')).toEqual([]);
    // retain leaves every role in Domo: nothing to refuse, and the roles are not even listed for it.
    em.resetRequests();
    await expect(checksWith('retain', deployed)).resolves.toEqual([]);
    expect(em.requests.filter((r) => r.path === '/api/authorization/v1/roles')).toEqual([]);
  });
});
