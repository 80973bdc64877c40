import type { DriftJson } from '../../src/drift/report';
import { runTerraform } from '../../src/cli/terraform';
import { Postgres } from '../support/postgres';
import { Gate, pollFor, TestProject } from '../support/project';
import { employee, largeRoster, largeSeed, MANAGED_KEYS, pick } from '../support/roster';

const USERS = 40;

/**
 * State locking for real: the sample stack with its state in PostgreSQL (Terraform's pg backend,
 * chosen by DOMO_IDENTITY_STATE_BACKEND), deployed from two project folders at once, as two CI
 * runners would. The local service holds the first deploy's writes at a gate, so the second one
 * runs while the first holds the state lock, with no timing involved.
 */
describe('two deploys of one stack from two folders, state in PostgreSQL', () => {
  let pg: Postgres;
  let a: TestProject;
  let b: TestProject;
  const gate = new Gate();
  const outputs: string[] = [];

  beforeAll(async () => {
    pg = await Postgres.start();
    a = await TestProject.create({ seed: largeSeed(USERS), roster: largeRoster(USERS), emulator: { sleep: gate.sleep } });
    a.extraEnv = { DOMO_IDENTITY_MANAGE_USERS: 'false', DOMO_IDENTITY_STATE_BACKEND: 'pg', PG_CONN_STR: pg.connStr };
    const first = await a.cli(['deploy']);
    outputs.push(first.output);
    if (first.code !== 0) throw new Error(first.output);
    b = a.sibling();
  });
  afterAll(async () => {
    gate.open();
    await b?.close();
    await a?.close();
    await pg?.stop();
  });

  it("one gets Terraform's lock error (PostgreSQL names the holder), the state stays consistent, the next plan has no changes", async () => {
    const roster = largeRoster(USERS, (i) => i === 3);
    a.writeRoster(roster);
    b.writeRoster(roster);
    gate.hold();
    a.emulator.addFault({ kind: 'delay', ms: 1, method: 'PATCH' });
    const first = a.startCli(['deploy']);
    await pollFor("the first deploy's apply to write", () => a.emulator.requests.some((r) => r.method === 'PATCH' && r.status === 0));

    const second = await b.cli(['deploy']);
    outputs.push(second.output);
    expect(second.code).toBe(1);
    expect(second.stderr).toContain('✗ terraform plan');
    expect(second.stderr).toContain('Error acquiring the state lock');
    expect(second.stderr).toContain(
      'With the pg backend the Lock Info above describes this run, not the holder: PostgreSQL names the holder with',
    );
    const holder = pg.query("SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a USING (pid) WHERE l.locktype = 'advisory'");
    if (holder !== undefined) expect(holder).toContain(`domo-identity deploy pid ${first.child.pid} on `);

    a.emulator.clearFaults();
    gate.open();
    const done = await first.done;
    outputs.push(done.output);
    expect(done.code).toBe(0);
    expect(pick(a.emulator.store.findUserByUserName(employee(3))!.customAttributes, MANAGED_KEYS).franchise).toEqual([]);

    // Both folders see one consistent state: nothing left to do from either.
    for (const project of [a, b]) {
      const plan = await runTerraform(['plan', '-input=false', '-no-color', '-detailed-exitcode'], {
        cwd: project.stackDir,
        env: project.env(),
      });
      expect(plan.code).toBe(0);
    }
    const drift = await b.cli(['drift', '--json']);
    expect(drift.code).toBe(0);
    expect((JSON.parse(drift.stdout) as DriftJson).inSync).toBe(true);
    const again = await b.cli(['plan']);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('No changes.');
  });

  it('never prints or stores the token', () => {
    expect(outputs.join('\n') + a.allFilesText() + b.allFilesText()).not.toContain(a.token);
  });
});
