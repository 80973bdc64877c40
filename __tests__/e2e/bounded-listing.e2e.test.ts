import * as path from 'node:path';
import { Seed } from 'domo-scim-emulator';
import { TestProject } from '../support/project';
import { ROOT } from '../support/roster';

const APP = path.join(ROOT, 'dist', '__tests__', 'fixtures', 'groups-app.js');

/**
 * A SCIM server that does not page (it answers the first page whatever startIndex asks, without
 * totalResults), through the real cdktf CLI and Terraform: the deploy fails at once naming the
 * listing, instead of asking for the same page until the time budget ends.
 */
describe('a listing that makes no progress end to end', () => {
  let project: TestProject;
  // Over 25 members: they are resolved with one listing of every user, not a lookup each.
  const email = (n: number) => `u${n}@acme.example`;
  const spec = {
    groups: [{ displayName: 'Kitchen', description: 'Kitchen staff', members: Array.from({ length: 30 }, (_, i) => email(i + 1)) }],
  };

  beforeAll(async () => {
    project = await TestProject.create({
      seed: Seed.parse({ users: Array.from({ length: 30 }, (_, i) => ({ id: String(i + 1), userName: email(i + 1) })) }),
      app: APP,
      stack: 'groups',
    });
    project.extraEnv = { GROUPS_SPEC: path.join(project.dir, 'groups.json') };
    project.writeFile('groups.json', JSON.stringify(spec));
  });
  afterAll(async () => {
    await project?.close();
  });

  it('fails the deploy naming the listing; once the server pages, the next deploy converges and a plan has no changes', async () => {
    project.emulator.addFault({ kind: 'ignores-start-index', method: 'GET', pathPattern: '^/Users$' });
    const failed = await project.deploy();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(
      'SCIM GET /Users: the listing makes no progress: the page at startIndex 31 repeats only results already read (30 so far)',
    );
    const listings = project.emulator.requests.filter((r) => r.method === 'GET' && r.path === '/Users');
    // The listing asked for the first page, then once more for the next: never again.
    expect(listings.map((r) => r.query['startIndex'])).toEqual(['1', '31']);
    expect(project.emulator.snapshot().groups.find((g) => g.displayName === 'Kitchen')).toBeUndefined();

    project.emulator.clearFaults();
    const deployed = await project.deploy();
    if (deployed.code !== 0) throw new Error(`deploy failed:\n${deployed.output}`);
    const kitchen = project.emulator.snapshot().groups.find((g) => g.displayName === 'Kitchen')!;
    expect(kitchen.description).toBe('Kitchen staff');
    expect(kitchen.members.map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
    expect(plan.output).toContain('No changes.');
  });
});
