import { TestProject } from '../support/project';
import { MANAGED_KEYS, desiredFromRoster, isWrite, pick, sampleRoster, sampleSeed, userIn } from '../support/roster';

const ROSTER_DATASET = '2f7a1c9e-roster';

/**
 * A live dataset read through the query API (developer token) by the real CLI, cdktf and
 * Terraform: an unstable row order still reads every row once, and a short read fails the synth
 * naming both counts, so no user becomes a leaver.
 */
describe('live dataset reads end to end', () => {
  let project: TestProject;
  const outputs: string[] = [];
  const managedOf = (userName: string) => pick(userIn(project.emulator.snapshot(), userName).customAttributes, MANAGED_KEYS);

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed() });
    project.extraEnv = {
      DOMO_IDENTITY_ROSTER: `domo-dataset:${ROSTER_DATASET}`,
      // No API client: the developer token and the query API are used.
      DOMO_CLIENT_ID: '',
      DOMO_CLIENT_SECRET: '',
      DOMO_IDENTITY_SALES_DATASET: 'none',
      DOMO_DEVELOPER_TOKEN: project.token,
      DOMO_INSTANCE_URL: new URL(project.emulator.scimUrl).origin,
    };
  });
  afterAll(async () => {
    await project?.close();
  });
  afterEach(() => {
    project.emulator.clearFaults();
    if (expect.getState().assertionCalls !== expect.getState().numPassingAsserts) process.stderr.write(outputs.join('\n'));
  });

  it('query pages in a different order on each call: every row read once, Domo equals the dataset, a second plan has no changes', async () => {
    project.emulator.addFault({ kind: 'query-unordered' });
    // The first deploy of this stack over an instance that already holds its values.
    const deploy = await project.cli(['deploy', '--allow-empty-state']);
    outputs.push(deploy.output);
    expect(deploy.code).toBe(0);
    const queries = project.emulator.requests.filter((r) => r.path === `/api/query/v1/execute/${ROSTER_DATASET}`);
    expect(queries.some((r) => /ORDER BY `email`/.test((r.body as { sql: string }).sql))).toBe(true);
    for (const [userName, attributes] of desiredFromRoster(sampleRoster()))
      expect(managedOf(userName)).toEqual(pick(attributes, MANAGED_KEYS));
    const plan = await project.cli(['plan']);
    outputs.push(plan.output);
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain('No changes.');
  });

  it('a short read fails the synth naming the dataset and both counts; nothing is written and no user is cleared', async () => {
    const before = project.emulator.snapshot();
    project.emulator.addFault({ kind: 'query-short', rows: 3 });
    project.emulator.resetRequests();
    const deploy = await project.cli(['deploy']);
    outputs.push(deploy.output);
    expect(deploy.code).toBe(2);
    expect(deploy.output).toContain(`dataset:${ROSTER_DATASET}: the read is incomplete: 9 rows were read but the dataset counts 12 rows`);
    // The query API's POSTs only read.
    expect(project.emulator.requests.filter((r) => isWrite(r) && !r.path.startsWith('/api/query/'))).toEqual([]);
    expect(project.emulator.snapshot().users).toEqual(before.users);
  });
});
