import * as path from 'node:path';
import { Seed } from 'domo-scim-emulator';
import { removalArgumentBytes, SHARD_ARGUMENT_BUDGET } from '../../src/constructs/sharding';
import { TestProject } from '../support/project';

const BENCH_APP = path.join(__dirname, '..', '..', 'dist', 'bench', 'app.js');
const HEADER = 'email,full_name,franchise,store_number,region,training_completed,training_score,department';

/**
 * One franchise so large that its removal step's argument would pass Linux's 128 KiB cap (issue
 * 18: it deployed once, then no later deploy could ever replace it). Sharded by franchise, it is
 * split into sub-shards at synth, so every later deploy can remove and replace them.
 */
describe.each([
  ['2,400 users with multi-byte userNames', 2400, (i: number) => `jürgen.müller.${String(i).padStart(4, '0')}@bäckerei-süd.de`],
  ['3,600 ASCII users with 23-character userNames', 3600, (i: number) => `employee.${String(i).padStart(5, '0')}@acme.com`],
])('one franchise shard of %s', (_what, count, userName) => {
  let project: TestProject;
  const row = (i: number, store = 100 + (i % 900)) =>
    `${userName(i)},Employee ${i},F1,${store},Region ${i % 12},"[FS-101]",${i % 101},Kitchen`;
  const roster = (keep: (i: number) => boolean, store: (i: number) => number) =>
    `${[
      HEADER,
      ...Array.from({ length: count }, (_, i) => i)
        .filter(keep)
        .map((i) => row(i, store(i))),
    ].join('\n')}\n`;
  const attributesOf = (i: number) => project.emulator.store.findUserByUserName(userName(i))!.customAttributes ?? {};

  beforeAll(async () => {
    const seed = Seed.parse({
      attributes: ['franchise', 'storeNumber', 'region', 'trainingCompleted', 'trainingScore'].map((key) => ({
        key,
        valueSources: ['managed'],
      })),
      users: Array.from({ length: count }, (_, i) => ({
        id: String(100000 + i),
        userName: userName(i),
        displayName: `Employee ${i}`,
        customAttributes: {},
      })),
    });
    project = await TestProject.create({ seed, app: BENCH_APP, stack: 'bench' });
    project.writeFile(
      'roster.csv',
      roster(
        () => true,
        (i) => 100 + (i % 900),
      ),
    );
    project.writeFile(
      'spec.json',
      JSON.stringify({ roster: path.join(project.dir, 'roster.csv'), shards: 1, shardBy: 'franchise', groups: [] }),
    );
    project.extraEnv.BENCH_SPEC = path.join(project.dir, 'spec.json');
  });
  afterAll(async () => project?.close());

  it('deploys; then every tenth user leaves and one value changes: the second deploy exits 0, leavers cleared, then "No changes"', async () => {
    const all = Array.from({ length: count }, (_, i) => userName(i));
    expect(removalArgumentBytes(all)).toBeGreaterThan(131_072);

    const first = await project.deploy();
    expect(first.code).toBe(0);
    expect(attributesOf(10).franchise).toEqual(['F1']);
    const shards = JSON.parse(await project.showJson()) as {
      values: { root_module: { resources: Array<{ index: string; values: { triggers_replace: Record<string, string> } }> } };
    };
    const instances = shards.values.root_module.resources;
    expect(instances.map((r) => r.index).sort()).toEqual(['F1', 'F1~2']);
    for (const r of instances) {
      const users = [...new Set(Object.keys(r.values.triggers_replace).map((k) => k.slice(0, k.lastIndexOf('/'))))];
      expect(removalArgumentBytes(users)).toBeLessThanOrEqual(SHARD_ARGUMENT_BUDGET);
    }

    project.writeFile(
      'roster.csv',
      roster(
        (i) => i % 10 !== 0,
        (i) => (i === 7 ? 999 : 100 + (i % 900)),
      ),
    );
    const second = await project.deploy();
    expect(second.code).toBe(0);
    expect(second.output).not.toMatch(/Error running command|argument list too long/i);
    for (let i = 0; i < count; i += 10) expect(attributesOf(i).franchise ?? []).toEqual([]);
    expect(attributesOf(7).storeNumber).toEqual(['999']);
    expect(attributesOf(11).franchise).toEqual(['F1']);

    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.output).toContain('No changes');
    expect(plan.changes).toEqual([]);
  }, 1_800_000);
});
