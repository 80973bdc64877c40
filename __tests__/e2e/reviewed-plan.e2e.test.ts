import * as fs from 'node:fs';
import * as path from 'node:path';
import { Seed } from 'domo-scim-emulator';
import type { DriftJson } from '../../src/drift/report';
import { EXIT_FAILURE } from '../../src/errors';
import { TestProject } from '../support/project';
import { editRow, isWrite, ROOT, sampleRoster, sampleSeed } from '../support/roster';

/**
 * `domo-identity plan --out FILE`, reviewed, then `domo-identity deploy --plan FILE` applies exactly
 * that plan, through the real cdktf CLI and Terraform against the local Domo service.
 */
describe('the reviewed plan is the applied plan', () => {
  let project: TestProject;
  const outputs: string[] = [];
  const writes = () =>
    project.emulator.requests
      .filter(isWrite)
      .map((r) => `${r.method} ${r.path}`)
      .sort();
  const userId = (userName: string) => project.emulator.store.findUserByUserName(userName)!.id;
  const cli = async (args: string[], extraEnv: Record<string, string> = {}) => {
    const result = await project.cli(args, extraEnv);
    outputs.push(result.output);
    return result;
  };

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: sampleRoster() });
    const first = await project.deploy();
    outputs.push(first.output);
    if (first.code !== 0) throw new Error(first.output);
  });
  afterAll(async () => {
    await project?.close();
  });

  it('plan --out: one data change and one change made by hand in Domo, each in its own section, old -> new', async () => {
    project.writeRoster(editRow(sampleRoster(), 'james.chen@sunbeltfoods.example', 'store_number', '110'));
    const maria = project.emulator.store.findUserByUserName('maria.lopez@sunbeltfoods.example')!;
    project.emulator.store.putUser({ ...maria, customAttributes: { ...maria.customAttributes, storeNumber: ['999'] } });
    project.emulator.resetRequests();

    const plan = await cli(['plan', '--out', 'reviewed.tfplan']);
    expect(plan.code).toBe(0);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    expect(fs.existsSync(path.join(project.dir, 'reviewed.tfplan'))).toBe(true);
    expect(fs.existsSync(path.join(project.dir, 'reviewed.tfplan.repairs.json'))).toBe(true);
    const summary = plan.stdout;
    const [changes, repairs] = summary.split('### Repairs');
    expect(changes).toContain('**Totals:** 1 user changed, 1 attribute changed, 0 users leaving');
    expect(changes).toContain('| `james.chen@sunbeltfoods.example` | `storeNumber`: `102` → `110` |');
    expect(changes).not.toContain('maria.lopez');
    expect(repairs).toContain('1 instance replaced on request (`-replace`)');
    expect(repairs).toContain('| `maria.lopez@sunbeltfoods.example` | `storeNumber`: `999` → `101` | changed in Domo outside the code |');
    expect(plan.stderr).toMatch(/✓ preflight: token accepted/);
    expect(plan.stderr).toMatch(/Repairing 1 instance\(s\) by replacing them:\n {2}terraform_data\.FranchiseAttributes_\w+\["\d+"\]\n/);
    expect(plan.stderr).toContain('apply exactly it with: domo-identity deploy --plan reviewed.tfplan');
  });

  it('deploy --plan refuses when the code or data changed after the plan was made: nothing is applied', async () => {
    project.writeRoster(editRow(sampleRoster(), 'james.chen@sunbeltfoods.example', 'store_number', '111'));
    project.emulator.resetRequests();
    const refused = await cli(['deploy', '--plan', 'reviewed.tfplan']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('differs from the one the plan');
    expect(refused.stderr).toContain('make a new plan (domo-identity plan --out)');
    expect(writes()).toEqual([]);
    project.writeRoster(editRow(sampleRoster(), 'james.chen@sunbeltfoods.example', 'store_number', '110'));
  });

  it('deploy --plan checks the token and the API client before Terraform: a refused one fails (exit 1) on one line, and the plan stays usable', async () => {
    const recordFile = path.join(project.dir, 'reviewed.tfplan.repairs.json');
    const recordBefore = fs.readFileSync(recordFile, 'utf8');
    const planBefore = fs.readFileSync(path.join(project.dir, 'reviewed.tfplan'));
    const causeOf = (stderr: string) => stderr.split('\n').filter((l) => l.startsWith('domo-identity: '));
    const unapplied = `Nothing was applied: the saved plan ${path.join(project.dir, 'reviewed.tfplan')} is unchanged, apply it again once this is fixed`;
    project.emulator.resetRequests();

    const badToken = await cli(['deploy', '--plan', 'reviewed.tfplan'], { DOMO_SCIM_TOKEN: 'not-the-token' });
    expect(badToken.code).toBe(EXIT_FAILURE);
    expect(causeOf(badToken.stderr)).toEqual([
      'domo-identity: preflight: 401 from Domo: DOMO_SCIM_TOKEN is not accepted (set it to a valid Domo access token, and DOMO_SCIM_AUTH_SCHEME ' +
        `to how it is sent: bearer or developer-token). ${unapplied}`,
    ]);
    expect(badToken.stderr).toMatch(/✗ preflight/);

    const badClient = await cli(['deploy', '--plan', 'reviewed.tfplan'], { DOMO_CLIENT_SECRET: 'not-the-secret' });
    expect(badClient.code).toBe(EXIT_FAILURE);
    expect(causeOf(badClient.stderr)).toEqual([
      expect.stringMatching(
        /^domo-identity: preflight: Domo refused the client credentials of API client "[^"]+" at http:\/\/127\.0\.0\.1:\d+ \(HTTP 401/,
      ),
    ]);
    expect(causeOf(badClient.stderr)[0]).toContain(unapplied);

    for (const refused of [badToken, badClient]) {
      expect(refused.stderr).not.toContain('terraform init');
      expect(refused.stderr).not.toContain('terraform apply');
    }
    expect(writes()).toEqual([]);
    expect(fs.readFileSync(recordFile, 'utf8')).toBe(recordBefore);
    expect(fs.readFileSync(path.join(project.dir, 'reviewed.tfplan')).equals(planBefore)).toBe(true);
  });

  it('deploy --plan applies exactly the reviewed plan: the request log shows only those two writes', async () => {
    project.emulator.resetRequests();
    const applied = await cli(['deploy', '--plan', 'reviewed.tfplan']);
    expect(applied.code).toBe(0);
    expect(applied.stderr).toMatch(/✓ terraform apply: \d+ added, 0 changed, \d+ destroyed/);
    expect(applied.stderr).toContain('✓ verify: a new plan has no changes');
    expect(writes()).toEqual(
      [`PATCH /Users/${userId('james.chen@sunbeltfoods.example')}`, `PATCH /Users/${userId('maria.lopez@sunbeltfoods.example')}`].sort(),
    );
    const attrs = (u: string) => project.emulator.store.findUserByUserName(u)!.customAttributes;
    expect(attrs('james.chen@sunbeltfoods.example').storeNumber).toEqual(['110']);
    expect(attrs('maria.lopez@sunbeltfoods.example').storeNumber).toEqual(['101']);
    // The repairs file lives only as long as the apply.
    expect(fs.existsSync(path.join(project.stackDir, 'domo-identity', 'repairs.json'))).toBe(false);
    const again = await project.plan();
    outputs.push(again.output);
    expect(again.code).toBe(0);
    expect(again.changes).toEqual([]);
  });

  it('a second deploy --plan of the same file is refused: it was applied already, with what to do', async () => {
    project.emulator.resetRequests();
    const stale = await cli(['deploy', '--plan', 'reviewed.tfplan']);
    expect(stale.code).toBe(1);
    expect(stale.stderr).toMatch(
      /the saved plan \S+reviewed\.tfplan was applied already \(\d{4}-\d\d-\d\dT[\d:.]+Z\): a plan applies once/,
    );
    expect(stale.stderr).toContain('nothing was applied this time');
    expect(stale.stderr).toContain('Make a new plan (domo-identity plan --out), review it, and apply that one.');
    expect(writes()).toEqual([]);
    const drift = await cli(['drift', '--json']);
    expect(drift.code).toBe(0);
    expect((JSON.parse(drift.stdout) as DriftJson).inSync).toBe(true);
  });

  it('never prints or stores the token', () => {
    expect(outputs.join('\n') + project.allFilesText()).not.toContain(project.token);
  });
});

describe('a group whose name holds a template sequence', () => {
  const NAME = 'Franchise - %{ if true }x%{ endif }';
  const email = (n: number) => `u${n}@acme.example`;
  let project: TestProject;

  beforeAll(async () => {
    const seed = Seed.parse({ users: [1, 2, 3].map((n) => ({ id: String(1000 + n), userName: email(n) })) });
    project = await TestProject.create({ seed, app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'groups-app.js'), stack: 'groups' });
    project.extraEnv = {
      GROUPS_SPEC: project.writeFile('groups.json', JSON.stringify({ groups: [{ displayName: NAME, members: [email(1), email(2)] }] })),
    };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('with a member added by hand is repaired by domo-identity deploy (the -replace address escaped)', async () => {
    const first = await project.deploy();
    if (first.code !== 0) throw new Error(first.output);
    const group = project.emulator.store.findGroupByDisplayName(NAME)!;
    project.emulator.store.putGroup({ ...group, members: [...group.members, '1003'] });
    project.emulator.resetRequests();

    const repair = await project.cli(['deploy']);
    expect(repair.code).toBe(0);
    expect(repair.stderr).toMatch(
      /Repairing 1 instance\(s\) by replacing them:\n {2}terraform_data\.Groups_\w+\["Franchise - %%\{ if true \}x%%\{ endif \}"\]\n/,
    );
    expect(project.emulator.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /Groups/${group.id}`]);
    const after = project.emulator.store.findGroupByDisplayName(NAME)!;
    expect(after.id).toBe(group.id);
    expect([...after.members].sort()).toEqual(['1001', '1002']);
    expect((await project.cli(['drift'])).code).toBe(0);
  });
});

describe('domo-identity plan checks Domo before Terraform runs', () => {
  let project: TestProject;

  beforeAll(async () => {
    project = await TestProject.create({
      seed: sampleSeed(),
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'users-app.js'),
      stack: 'users',
    });
    const spec = {
      users: [
        { userName: 'maria.lopez@sunbeltfoods.example', displayName: 'Maria Lopez', customAttributes: { storeNumbr: ['101'] } },
        { userName: 'new.manager@sunbeltfoods.example', displayName: 'New Manager', role: 77 },
      ],
    };
    project.extraEnv = { USERS_SPEC: project.writeFile('users.json', JSON.stringify(spec)) };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('an undefined key and an unknown role fail the plan (exit 4) naming key, role, construct and the fix; nothing is planned or written', async () => {
    const plan = await project.cli(['plan']);
    expect(plan.code).toBe(4);
    expect(plan.stderr).toContain('the plan cannot be applied: Domo lacks what the deploy needs (2 problems); no plan was saved');
    expect(plan.stderr).toContain(
      '  - DomoUsers "users/Users": key storeNumbr: key storeNumbr is not defined in Domo (Admin > Governance > Attributes). ' +
        'Fix: define "storeNumbr" in Domo (Admin > Governance > Attributes, or with a DomoCustomAttributes construct in this stack), or stop writing it',
    );
    expect(plan.stderr).toContain(
      '  - DomoUsers "users/Users": role 77: does not exist in Domo. Fix: create it in Admin > Roles, or use one of',
    );
    expect(plan.stderr).toContain('✗ checks');
    expect(plan.stderr).not.toContain('terraform init');
    expect(fs.existsSync(path.join(project.stackDir, '.terraform'))).toBe(false);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
  });
});
