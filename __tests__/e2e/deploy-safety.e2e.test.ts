import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import type { DriftJson } from '../../src/drift/report';
import { Gate, pollFor, stateRestoreCommand, TestProject } from '../support/project';
import { employee, largeRoster, largeSeed, MANAGED_KEYS, pick } from '../support/roster';

const run = promisify(execFile);
const USERS = 300;

/**
 * A killed, interrupted or doubled `domo-identity deploy` is never reported green and never loses
 * a removal (issue 11), through the real cdktf CLI and Terraform against the local Domo service.
 * A `delay` fault on PATCH, held by a gate the test opens, stops an apply in its middle for as
 * long as a test needs: no timing is involved.
 */
describe('domo-identity deploy when killed, interrupted or doubled', () => {
  let project: TestProject;
  const gate = new Gate();
  let gone = new Set<number>();
  const outputs: string[] = [];

  const roster = () => largeRoster(USERS, (i) => gone.has(i));
  const managedOf = (i: number) => pick(project.emulator.store.findUserByUserName(employee(i))!.customAttributes, MANAGED_KEYS);
  const holdsNothing = (i: number) => Object.values(managedOf(i)).every((v) => v.length === 0);
  const cli = async (args: string[]) => {
    const result = await project.cli(args);
    outputs.push(result.output);
    return result;
  };
  const expectConverged = async () => {
    const drift = await cli(['drift', '--json']);
    expect(drift.code).toBe(0);
    expect((JSON.parse(drift.stdout) as DriftJson).inSync).toBe(true);
  };
  /** Starts `domo-identity deploy` with every PATCH held at the gate; resolves once the apply is writing. */
  const startHeldDeploy = async () => {
    holdWrites();
    const started = project.startCli(['deploy']);
    await pollFor('the apply to send a PATCH', () => project.emulator.requests.some((r) => r.method === 'PATCH' && r.status === 0), {
      ended: started.done,
    });
    return started;
  };
  const holdWrites = () => {
    gate.hold();
    project.emulator.addFault({ kind: 'delay', ms: 1, method: 'PATCH' });
  };
  const releaseHeld = () => {
    project.emulator.clearFaults();
    gate.open();
  };
  const stateFile = () => path.join(project.dir, 'terraform.franchise-identity.tfstate');
  const resourcesIn = (file: string) => {
    try {
      return (JSON.parse(fs.readFileSync(file, 'utf8')) as { resources?: unknown[] }).resources?.length ?? 0;
    } catch {
      return 0;
    }
  };

  beforeAll(async () => {
    project = await TestProject.create({ seed: largeSeed(USERS), roster: roster(), emulator: { sleep: gate.sleep } });
    project.extraEnv = { DOMO_IDENTITY_MANAGE_USERS: 'false' };
    const first = await cli(['deploy']);
    if (first.code !== 0) throw new Error(first.output);
    expect(managedOf(5).franchise).toEqual(['Sunbelt Tacos South']);
  });
  afterAll(async () => {
    gate.open();
    await project?.close();
  });

  it('SIGKILL of terraform during the apply: non-zero; a state left empty is refused with the restore command; after it the leavers lose their values', async () => {
    gone = new Set(Array.from({ length: 30 }, (_, k) => 10 * k + 1));
    project.writeRoster(roster());
    const before = fs.readFileSync(stateFile(), 'utf8');
    const deploy = await startHeldDeploy();
    await project.killTerraform('apply');
    const killed = await deploy.done;
    // Handlers outlive a killed Terraform: an engine any of them starts still belongs to the dead
    // one and leaves, its held write abandoned (the gate still holds it).
    expect(await project.engineGone()).toEqual([]);
    releaseHeld();
    outputs.push(killed.output);
    expect(killed.code).toBe(1);
    expect(killed.stderr).toContain('terraform was killed during the apply: the deploy did not finish');

    // The end state the issue observed: the killed apply left the state file empty (0 bytes) and
    // Terraform's backup holding the state the apply started from. Terraform 1.11 does not always
    // leave it so (it writes the state at intervals), so the test makes it so, as the issue allows.
    const backup = `${stateFile()}.backup`;
    if (resourcesIn(backup) === 0) fs.writeFileSync(backup, before);
    fs.truncateSync(stateFile(), 0);

    const refused = await cli(['deploy']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`the state file ${stateFile()} is empty (0 bytes), but Terraform's backup beside it holds`);
    const restore = stateRestoreCommand(refused.stderr);
    expect(restore).toBe(`cp ${backup} ${stateFile()}`);
    await run('sh', ['-c', restore!], { cwd: project.dir });

    const deployed = await cli(['deploy']);
    expect(deployed.code).toBe(0);
    for (const i of gone) expect(holdsNothing(i)).toBe(true);
    expect(managedOf(5).franchise).toEqual(['Sunbelt Tacos South']);
    await expectConverged();
  });

  it('the state deleted with no backup: refused; with --allow-empty-state the next deploy still clears the leavers', async () => {
    // 20 leavers: under the mass-removal limit (10 % of the 270 users left after the first test), so
    // the guard does not refuse; mass-removal.e2e covers the guard.
    const more = Array.from({ length: 20 }, (_, k) => 10 * k + 2);
    gone = new Set([...gone, ...more]);
    project.writeRoster(roster());
    fs.rmSync(stateFile());
    fs.rmSync(`${stateFile()}.backup`, { force: true });

    const refused = await cli(['deploy']);
    expect(refused.code).toBe(1);
    // The evidence: this folder recorded the deploy (.domo-identity/deployed/), and Domo holds the stack's values.
    expect(refused.stderr).toContain(
      "the state is lost: Terraform's state holds none of this stack's instances (it is empty), but this project deployed the stack " +
        '(.domo-identity/deployed/franchise-identity.json records it, ',
    );
    expect(refused.stderr).toMatch(/and Domo holds values the stack manages \(\S+ holds \w+\)/);
    expect(refused.stderr).not.toContain('.backup');
    expect(refused.stderr).toContain('pass --allow-empty-state');
    expect(more.every((i) => !holdsNothing(i))).toBe(true);

    const deployed = await cli(['deploy', '--allow-empty-state']);
    // The whole output on failure, so a refusal's message is in the report.
    if (deployed.code !== 0) throw new Error(`deploy --allow-empty-state exited ${deployed.code}:\n${deployed.output}`);
    expect(deployed.stderr).toContain('Repairs: 20 users outside the data get the removal policy');
    for (const i of more) expect(holdsNothing(i)).toBe(true);
    await expectConverged();
    expect((await cli(['deploy'])).code).toBe(0);
  });

  it("SIGINT: Terraform's graceful stop, state written, exit non-zero; the next deploy converges", async () => {
    const more = Array.from({ length: 10 }, (_, k) => 10 * k + 3);
    gone = new Set([...gone, ...more]);
    project.writeRoster(roster());
    const deploy = await startHeldDeploy();
    const engines = project.enginePids();
    expect(engines.length).toBeGreaterThan(0);
    deploy.child.kill('SIGINT');
    const interrupted = await deploy.done;
    const exited = Date.now();
    // The run has exited while Domo still holds a write: the engine stops writing and leaves by
    // itself, abandoning what is in flight instead of waiting for Domo's answer.
    expect(await project.engineGone()).toEqual([]);
    const requests = project.emulator.requests.length;
    process.stderr.write(`engine_exit_after_run_exit_ms=${Date.now() - exited}\n`);
    releaseHeld();
    expect(project.emulator.requests.length).toBe(requests);
    outputs.push(interrupted.output);
    expect(interrupted.code).toBe(1);
    expect(interrupted.stderr).toContain('SIGINT received: asking Terraform to stop gracefully');
    expect(interrupted.stderr).toContain('terraform: Interrupt received.');
    expect(interrupted.stderr).toContain('terraform: Gracefully shutting down...');
    expect(interrupted.stderr).toContain('interrupted: Terraform stopped');
    expect(resourcesIn(stateFile())).toBeGreaterThan(0);

    const deployed = await cli(['deploy']);
    expect(deployed.code).toBe(0);
    for (const i of more) expect(holdsNothing(i)).toBe(true);
    await expectConverged();
  });

  it('a malformed line sent to the live engine mid-apply is refused on its connection only; the apply succeeds', async () => {
    gone = new Set([...gone, 6]);
    project.writeRoster(roster());
    const deploy = await startHeldDeploy();
    const dir = path.join(project.stackDir, 'domo-identity');
    const socket = fs.readdirSync(dir).find((f) => f.startsWith('.engine-') && f.endsWith('.sock'));
    expect(socket).toBeDefined();
    // A socket's path must stay under Unix's ~104-byte cap: reached through a short link to its folder.
    const short = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 's-')), 'd');
    fs.symlinkSync(dir, short);
    for (const line of ['{"type":"submit", oops\n', 'null\n', `${'\u00e9'.repeat(10)}\n`]) {
      const answer = await new Promise<string>((resolve) => {
        const connection = net.connect({ path: path.join(short, socket!) });
        let text = '';
        connection.on('data', (b: Buffer) => (text += b.toString('utf8')));
        connection.on('error', () => {});
        connection.on('close', () => resolve(text));
        connection.write(line);
      });
      expect(JSON.parse(answer)).toEqual({ type: 'refused', reason: expect.stringContaining('the engine received a malformed message') });
    }
    releaseHeld();
    fs.rmSync(path.dirname(short), { recursive: true, force: true });
    const deployed = await deploy.done;
    outputs.push(deployed.output);
    expect(deployed.code).toBe(0);
    expect(holdsNothing(6)).toBe(true);
    expect(await project.engineGone()).toEqual([]);
    await expectConverged();
  });

  it('two deploys started at once in one folder: one runs, the other fails at once naming the holder; no digest mismatch', async () => {
    gone = new Set([...gone, 4]);
    project.writeRoster(roster());
    holdWrites();
    const a = project.startCli(['deploy']);
    const b = project.startCli(['deploy']);
    // The winner cannot finish while the gate holds its writes, so the first to end is the other one.
    const first = await Promise.race([a.done.then((r) => ({ r, winner: b })), b.done.then((r) => ({ r, winner: a }))]);
    expect(first.r.code).toBe(1);
    expect(first.r.stderr).toMatch(
      new RegExp(
        `another domo-identity run holds this project folder: pid ${first.winner.child.pid} on \\S+, started \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z \\(domo-identity deploy\\)`,
      ),
    );
    await pollFor('the winner to write', () => project.emulator.requests.some((r) => r.method === 'PATCH' && r.status === 0));
    releaseHeld();
    const won = await first.winner.done;
    outputs.push(first.r.output, won.output);
    expect(won.code).toBe(0);
    expect(outputs.join('\n')).not.toMatch(/digest|ENOENT/);
    expect(holdsNothing(4)).toBe(true);
    await expectConverged();
  });

  it('never prints or stores the token', () => {
    expect(outputs.join('\n') + project.allFilesText()).not.toContain(project.token);
  });
});
