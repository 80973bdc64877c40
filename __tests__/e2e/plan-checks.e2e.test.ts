import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_CANNOT_APPLY } from '../../src/errors';
import { TestProject } from '../support/project';
import { isWrite, ROOT, sampleSeed } from '../support/roster';

const MARIA = 'maria.lopez@sunbeltfoods.example';
const JAMES = 'james.chen@sunbeltfoods.example';
const NEW_HIRE = 'new.hire@acme.example';
const DATASET = '0b1e7d2c-no-such-dataset';

/**
 * `domo-identity plan` checks everything the deploy will need from Domo before it saves anything,
 * through the real cdktf CLI and Terraform against the local Domo service: a user Domo lacks, an
 * unknown role name, an undefined attribute key and a missing PDP dataset, in one stack.
 */
describe('plan catches at plan time what the deploy would fail on', () => {
  let project: TestProject;
  const outputs: string[] = [];
  const planFile = () => path.join(project.dir, 'checks.tfplan');

  beforeAll(async () => {
    project = await TestProject.create({
      seed: sampleSeed(),
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'checks-app.js'),
      stack: 'checks',
    });
    const spec = {
      users: [{ userName: MARIA, displayName: 'Maria Lopez', role: 'Wizard' }],
      attributes: {
        managedKeys: ['storeNumbr'],
        users: [
          { userName: NEW_HIRE, attributes: { storeNumbr: ['7'] } },
          { userName: JAMES, attributes: { storeNumbr: ['8'] } },
        ],
      },
      datasets: { [DATASET]: [{ name: 'Everything', allRows: true, users: [JAMES] }] },
    };
    project.extraEnv = { CHECKS_SPEC: project.writeFile('checks.json', JSON.stringify(spec)) };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('plan --out exits 4 listing all four problems in one run, in the terminal and in the Markdown; no plan file, nothing written', async () => {
    const plan = await project.cli(['plan', '--out', 'checks.tfplan']);
    outputs.push(plan.output);
    expect(plan.code).toBe(EXIT_CANNOT_APPLY);
    expect(plan.stderr).toContain(
      'the plan cannot be applied: Domo lacks what the deploy needs (4 problems); no plan was saved (plan with --allow-failures to save it anyway):',
    );
    const lines = [
      `DomoUserAttributes "checks/Attributes": key storeNumbr: key storeNumbr is not defined in Domo`,
      'DomoUsers "checks/Users": role Wizard: does not exist in Domo. Fix: create it in Admin > Roles, or use one of',
      `DomoUserAttributes "checks/Attributes": user ${NEW_HIRE}: gets attributes written, is not a Domo user and no construct of this stack creates them. ` +
        'Fix: create the user in Domo, manage them with DomoUsers in this stack, or remove them from the data',
      `DomoPdpPolicies "checks/Policies": dataset ${DATASET}: Domo has no dataset with this id. Fix: check the id`,
    ];
    for (const line of lines) expect(plan.stderr).toContain(`  - ${line}`);
    expect(plan.stderr).toMatch(/✗ checks/);
    expect(plan.stdout).toContain('**Cannot be applied:** 4 problems; no plan was saved.');
    expect(plan.stdout).toContain('### Cannot be applied · Domo lacks what the deploy needs');
    expect(plan.stdout).toContain(`| DomoUsers "checks/Users" | role Wizard | does not exist in Domo |`);
    expect(plan.stdout).toContain(`| DomoPdpPolicies "checks/Policies" | dataset ${DATASET} | Domo has no dataset with this id |`);
    expect(plan.stdout.match(/^\| Domo/gm)).toHaveLength(4);
    expect(fs.existsSync(planFile())).toBe(false);
    expect(fs.existsSync(`${planFile()}.repairs.json`)).toBe(false);
    expect(fs.existsSync(path.join(project.stackDir, '.terraform'))).toBe(false);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('--allow-failures saves the plan on purpose, and its summary says which writes will fail', async () => {
    const plan = await project.cli(['plan', '--out', 'checks.tfplan', '--allow-failures']);
    outputs.push(plan.output);
    expect(plan.code).toBe(0);
    expect(fs.existsSync(planFile())).toBe(true);
    expect(plan.stdout).toMatch(/\*\*Totals:\*\* .* · 4 writes will fail\n/);
    expect(plan.stdout).toContain('> - **4 writes will fail** at deploy: Domo lacks what they need (see _Cannot be applied_)');
    expect(plan.stdout).toContain('Saved with `--allow-failures`: the writes below **will fail** when this plan is deployed');
    expect(plan.stdout).toContain(`| DomoUserAttributes "checks/Attributes" | user ${NEW_HIRE.replace('@', '\\@')} |`);
    expect(plan.stdout.match(/^\| Domo/gm)).toHaveLength(4);
    expect(plan.stderr).toMatch(/✓ checks: 4 problems: the writes that need them will fail \(--allow-failures\)/);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('--allow-failures without the API client: missing credentials are a listed problem, the drift check leaves PDP unread, the plan is saved', async () => {
    fs.rmSync(planFile(), { force: true });
    project.emulator.resetRequests();
    const plan = await project.cli(['plan', '--out', 'checks.tfplan', '--allow-failures'], { DOMO_CLIENT_ID: '', DOMO_CLIENT_SECRET: '' });
    outputs.push(plan.output);
    expect(plan.code).toBe(0);
    expect(fs.existsSync(planFile())).toBe(true);
    expect(plan.stdout).toMatch(/^\| DomoPdpPolicies "checks\/Policies" \| credentials \| .*DOMO\\_CLIENT\\_ID is empty .* \|$/m);
    // The dataset cannot be read without the client: the credentials are the PDP problem, once.
    expect(plan.stdout).not.toContain('Domo has no dataset with this id');
    expect(plan.stdout.match(/^\| Domo/gm)).toHaveLength(4);
    expect(plan.stdout).toContain('> - **4 writes will fail** at deploy: Domo lacks what they need (see _Cannot be applied_)');
    expect(plan.stderr).toMatch(/✓ drift check: .*; not read, for lack of credentials: DomoPdpPolicies/);
    expect(JSON.parse(fs.readFileSync(`${planFile()}.repairs.json`, 'utf8'))).toMatchObject({ allowFailures: true });
    expect(project.emulator.requests.filter((r) => r.path === '/oauth/token' || r.path.startsWith('/v1/'))).toEqual([]);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
  });

  it('never prints or stores the token', () => {
    expect(outputs.join('\n') + project.allFilesText()).not.toContain(project.token);
  });
});
