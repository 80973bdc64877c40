import * as fs from 'node:fs';
import * as path from 'node:path';
import { Seed, type RecordedRequest } from 'domo-scim-emulator';
import type { DesiredUser } from '../../src';
import { TestProject } from '../support/project';
import { ROOT, sampleRoster, sampleSeed } from '../support/roster';

const USERS_APP = path.join(ROOT, 'dist', '__tests__', 'fixtures', 'users-app.js');

/** Every user PATCH path Domo documents (see ../shared/domo-scim-contract.md, "Request forms we send"). */
const ENTERPRISE = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const DOMO = 'urn:ietf:params:scim:schemas:extension:domo:2.0:User';
const DOCUMENTED = new Set([
  'displayName',
  'title',
  'locale',
  'timezone',
  'roles',
  'emails',
  'phoneNumbers',
  ...['department', 'manager', 'employeeNumber', 'organization'].map((a) => `${ENTERPRISE}:${a}`),
  ...['hireDate', 'employeeLocation'].map((a) => `${DOMO}:${a}`),
]);
const CUSTOM = /^urn:ietf:params:scim:schemas:extension:custom:2\.0:User:customAttributes\[key eq "[A-Za-z0-9]+"\]$/;

function patchPaths(requests: readonly RecordedRequest[]): string[] {
  return requests
    .filter((r) => r.method === 'PATCH' && r.path.startsWith('/Users/'))
    .flatMap((r) => (r.body as { Operations: Array<{ path: string }> }).Operations.map((o) => o.path));
}

describe('DomoUsers: multi-valued fields in documented forms, creates that converge', () => {
  let project: TestProject;
  const user = (userName: string) => project.emulator.snapshot().users.find((u) => u.userName === userName)!;
  async function deploy(users: DesiredUser[]) {
    project.writeFile('users.json', JSON.stringify({ users }));
    project.emulator.resetRequests();
    const result = await project.deploy();
    if (result.code !== 0) throw new Error(`deploy failed:\n${result.output.slice(-3000)}`);
    return project.emulator.requests;
  }

  beforeAll(async () => {
    const seed = Seed.parse({
      users: [{ id: '1001', userName: 'pat@acme.example', displayName: 'Pat', workPhone: '+1 555 0000' }],
    });
    project = await TestProject.create({ seed, app: USERS_APP, stack: 'users' });
    project.extraEnv = { USERS_SPEC: path.join(project.dir, 'users.json'), DOMO_IDENTITY_SHARDS: '1' };
  });
  afterAll(async () => project?.close());

  it('sets, changes and clears mobile, desk phone and alternate email, one deploy each, replacing emails and phoneNumbers whole', async () => {
    const pat = (fields: Partial<DesiredUser>): DesiredUser => ({ userName: 'pat@acme.example', displayName: 'Pat', ...fields });
    const sent: RecordedRequest[] = [];
    const fields = () => {
      const u = user('pat@acme.example');
      return { mobilePhone: u.mobilePhone, deskPhone: u.workPhone, alternateEmail: u.alternateEmail };
    };
    // The desk phone Domo has is kept while only the mobile is managed.
    sent.push(...(await deploy([pat({ mobilePhone: '+1 555 0101', alternateEmail: 'pat@home.example' })])));
    expect(fields()).toEqual({ mobilePhone: '+1 555 0101', deskPhone: '+1 555 0000', alternateEmail: 'pat@home.example' });
    sent.push(...(await deploy([pat({ mobilePhone: '+1 555 0102', deskPhone: '+1 555 0198', alternateEmail: 'pat@new.example' })])));
    expect(fields()).toEqual({ mobilePhone: '+1 555 0102', deskPhone: '+1 555 0198', alternateEmail: 'pat@new.example' });
    sent.push(...(await deploy([pat({ mobilePhone: '', deskPhone: '', alternateEmail: '' })])));
    expect(fields()).toEqual({ mobilePhone: undefined, deskPhone: undefined, alternateEmail: undefined });
    expect(user('pat@acme.example').userName).toBe('pat@acme.example');
    const paths = patchPaths(sent);
    expect(paths.filter((p) => !DOCUMENTED.has(p) && !CUSTOM.test(p))).toEqual([]);
    expect(new Set(paths)).toEqual(new Set(['phoneNumbers', 'emails']));
    expect((await project.plan()).changes).toEqual([]);
  });

  it('a POST that Domo keeps only in part converges in the same deploy: read back, PATCH what was dropped', async () => {
    project.emulator.addFault({ kind: 'post-keeps-only', times: 1 });
    const hire: DesiredUser = {
      userName: 'hire@acme.example',
      displayName: 'New Hire',
      role: 'Participant',
      title: 'Line cook',
      department: 'Kitchen',
      locale: 'en-US',
    };
    const requests = await deploy([{ userName: 'pat@acme.example', displayName: 'Pat' }, hire]);
    expect(user('hire@acme.example')).toMatchObject({ title: 'Line cook', department: 'Kitchen', locale: 'en-US', roleId: 4 });
    const writes = requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);
    expect(writes).toEqual(['POST /Users', `PATCH /Users/${user('hire@acme.example').id}`]);
    project.emulator.clearFaults();
  });
});

describe('the sample stack: a new hire needs no depends_on; internationalised userNames; lost creates', () => {
  let project: TestProject;
  const roster = () => sampleRoster() + 'zoë@example.com,Zoë Ortiz,Gulf Coast Grill,301,Gulf,"[FS-101]",60,Kitchen,Editor\n';

  afterEach(async () => project?.close());

  it('creates a new hire, then their attributes, role and membership, in one deploy, with POST /Users 4 s slow', async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: roster() });
    project.emulator.addFault({ kind: 'delay', method: 'POST', pathPattern: '^/Users$', ms: 4000 });
    const result = await project.deploy();
    if (result.code !== 0) throw new Error(result.output.slice(-3000));
    const tf = fs.readFileSync(path.join(project.stackDir, 'cdk.tf.json'), 'utf8');
    expect(tf).not.toContain('depends_on');
    const zoe = project.emulator.snapshot().users.find((u) => u.userName === 'zoë@example.com');
    expect(zoe).toMatchObject({ displayName: 'Zoë Ortiz', roleId: 3 });
    expect(zoe!.customAttributes).toMatchObject({ franchise: ['Gulf Coast Grill'], storeNumber: ['301'] });
    const group = project.emulator.store.findGroupByDisplayName('Franchise - Gulf Coast Grill')!;
    expect(group.members).toContain(zoe!.id);
    expect(project.emulator.requests.filter((r) => r.method === 'POST' && r.path === '/Users' && r.status < 300)).toHaveLength(1);
    expect((await project.plan()).changes).toEqual([]);
  });

  it('creates under 25 % 503s and 10 % dropped connections: one deploy, nobody created twice, nobody missing', async () => {
    const hires = Array.from(
      { length: 30 },
      (_, i) => `hire${i}@sunbeltfoods.example,Hire ${i},Gulf Coast Grill,30${i % 10},Gulf,,50,Kitchen,Social`,
    );
    project = await TestProject.create({ seed: sampleSeed(), roster: `${sampleRoster()}${hires.join('\n')}\n` });
    project.emulator.addFault({ kind: 'status', method: 'POST', pathPattern: '^/Users$', status: 503, probability: 0.15, seed: 7 });
    project.emulator.addFault({
      kind: 'error-after-apply',
      method: 'POST',
      pathPattern: '^/Users$',
      status: 503,
      probability: 0.1,
      seed: 11,
    });
    project.emulator.addFault({ kind: 'drop', probability: 0.1, seed: 13 });
    const result = await project.deploy();
    if (result.code !== 0) throw new Error(result.output.slice(-3000));
    const users = project.emulator.snapshot().users.map((u) => u.userName.toLowerCase());
    expect(users.filter((u) => u.startsWith('hire')).sort()).toEqual(
      Array.from({ length: 30 }, (_, i) => `hire${i}@sunbeltfoods.example`).sort(),
    );
    expect(new Set(users).size).toBe(users.length);
    const faults = project.emulator.requests.filter((r) => r.fault !== undefined).length;
    expect(faults).toBeGreaterThan(10);
  });
});
