import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { App, TerraformStack } from 'cdktf';
import { startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { preflight, stackNeeds } from '../../src/cli/doctor/preflight';
import { readManagedNames } from '../../src/cli/doctor/managed-names';
import { runDrift } from '../../src/cli/drift/run-drift';
import { analyzePlan } from '../../src/cli/plan-summary/analyze';
import { readManifests } from '../../src/cli/plan-summary/manifests';
import { summarizePlan } from '../../src/cli/plan-summary/summarize';
import { driftJson } from '../../src/drift/report';
import { Engine } from '../../src/engine/engine';
import { loadEngineEnv } from '../../src/engine/env';
import { runWork } from '../../src/handlers/engine-main';
import { KINDS } from '../../src/kinds/registry';
import { terraformMapDigest } from '../../src/model/terraform-json';
import { SynthOutput } from '../../src/synth/reader';
import { DomoNotes } from '../fixtures/notes-kind/domo-notes';
import { notesKind } from '../fixtures/notes-kind';
import { notesManifest } from '../fixtures/notes-kind/manifest';
import { sampleSeed } from '../support/roster';

const TOKEN = 'notes-kind-token-4c2e';
/** The product's kinds and the test kind: the one entry a new kind adds. */
const kinds = [...KINDS, notesKind];

/**
 * The cost of a kind (issue 20): a kind written outside src/kinds, in its own folder, is picked up
 * by synth, the engine, drift, plan-summary and doctor once it is in the kinds table they are given.
 */
describe('a test kind in a fixture folder, injected into the kinds table', () => {
  let em: RunningEmulator;
  let project: string;
  let outdir: string;
  let stackDir: string;
  let output: SynthOutput;

  beforeAll(async () => {
    em = await startEmulator({ port: 0, token: TOKEN, seed: sampleSeed() });
    project = fs.mkdtempSync(path.join(os.tmpdir(), 'notes-kind-'));
    outdir = path.join(project, 'cdktf.out');
    const app = new App({ outdir });
    const stack = new TerraformStack(app, 'test');
    new DomoNotes(stack, 'Notes', { scim: { url: em.scimUrl }, notes: { welcome: 'Hello ${name}', rota: 'Mondays' } });
    app.synth();
    stackDir = path.join(outdir, 'stacks', 'test');
    output = SynthOutput.open(stackDir);
  });
  afterAll(async () => {
    await em.close();
    fs.rmSync(project, { recursive: true, force: true });
  });

  const writes = () => em.requests.filter((r) => r.method !== 'GET');

  it('synth: the stack index lists the DomoNotes construct and its files hold the notes; the trigger maps are escaped', () => {
    const [entry, ...rest] = output.ofKind('notes');
    expect(rest).toEqual([]);
    expect(entry!.path).toBe('test/Notes');
    expect(output.constructFile(entry!, notesManifest)).toEqual({
      version: 2,
      kind: 'notes',
      constructPath: 'test/Notes',
      scim: { url: em.scimUrl, authScheme: 'bearer' },
      desiredNotes: ['rota', 'welcome'],
    });
    expect(output.instanceFile(entry!, 'welcome', notesManifest)).toEqual({ name: 'welcome', text: 'Hello ${name}' });
    const tf = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')) as { locals: Record<string, unknown> };
    expect(Object.values(tf.locals)).toEqual([{ welcome: { 'welcome/text': 'Hello $${name}' }, rota: { 'rota/text': 'Mondays' } }]);
  });

  it('engine: runs the kind’s create and destroy work over the synthesized folder, writing nothing to Domo', async () => {
    const entry = output.ofKind('notes')[0]!;
    const engine = new Engine({ env: loadEngineEnv({ DOMO_SCIM_TOKEN: TOKEN }), kinds, stackDir });
    const without = new Engine({ env: loadEngineEnv({ DOMO_SCIM_TOKEN: TOKEN }), kinds: KINDS, stackDir });
    try {
      const digest = terraformMapDigest({ 'welcome/text': 'Hello ${name}' });
      const create = { kind: 'notes', phase: 'create', manifestDir: entry.manifestDir, key: 'welcome', arg: digest } as const;
      const created = await runWork(engine, create);
      expect(created.code).toBe(0);
      expect(created.stdout).toContain('1 checked, 1 unchanged');
      // A digest the files do not match is refused, as for every kind: the work really read the note's file.
      expect((await runWork(engine, { ...create, arg: terraformMapDigest({ 'welcome/text': 'Hello' }) })).code).toBe(1);
      const destroyed = await runWork(engine, { ...create, phase: 'destroy', key: 'old', arg: JSON.stringify(['old']) });
      expect(destroyed.code).toBe(0);
      expect(destroyed.stdout).toContain('1 checked, 1 unchanged');
      const kept = await runWork(engine, { ...create, phase: 'destroy', arg: JSON.stringify(['welcome']) });
      expect(kept.stdout).toContain('1 checked, 1 kept');
      // The same work with the product's table alone: the engine knows kinds only through the table.
      const unknown = await runWork(without, create);
      expect(unknown.code).toBe(1);
      expect(unknown.stderr).toContain('unknown construct kind "notes"');
      expect(writes()).toEqual([]);
    } finally {
      await engine.close();
      await without.close();
    }
  });

  it("drift: the notes facet reads Domo through the stack's LiveReads and is in `drift --json`", async () => {
    const { report, skipped } = await runDrift({ stackDir, token: TOKEN, kinds });
    expect(skipped).toEqual([]);
    expect([...report.facets.keys()]).toEqual(['notes']);
    expect(driftJson(report)).toEqual({
      inSync: true,
      notes: { constructs: ['test/Notes'], usersInDomo: em.snapshot().users.length },
    });
    expect(em.snapshot().users.length).toBeGreaterThan(0);
    await expect(runDrift({ stackDir, token: TOKEN })).rejects.toThrow('unknown construct kind "notes"');
  });

  it("plan-summary: a real `terraform plan` of the stack gets the notes construct's section, heading and totals", () => {
    const rc = path.join(project, 'terraform.rc');
    fs.writeFileSync(rc, '');
    const env = { PATH: process.env.PATH, HOME: process.env.HOME, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: rc };
    const terraform = (args: string[]) => execFileSync('terraform', args, { cwd: stackDir, env, encoding: 'utf8', maxBuffer: 64 << 20 });
    terraform(['init', '-input=false', '-no-color']);
    terraform(['plan', '-input=false', '-no-color', '-lock=false', '-out=tfplan']);
    const planJson = JSON.parse(terraform(['show', '-json', 'tfplan'])) as unknown;

    const manifests = readManifests(stackDir, kinds);
    expect(Object.values(manifests)).toEqual([{ kind: 'notes', constructPath: 'test/Notes' }]);
    const analyzed = analyzePlan(planJson, { kinds, manifests });
    expect(analyzed.sections.map((s) => [s.kind.name, s.section.kind])).toEqual([['notes', 'notes']]);
    const markdown = summarizePlan(planJson, { maxChars: 60_000, kinds, manifests });
    expect(markdown).toBe(
      [
        '## Domo identity plan',
        '',
        '**Totals:** 0 users changed, 0 attributes changed, 0 users leaving · groups: 0 created, 0 changed, 0 removed · members: 0 joining, 0 leaving · definitions: 0 created, 0 changed, 0 removed · notes: 2 changing',
        '',
        '### Notes · notes',
        '',
        '2 created · construct `test/Notes`',
        '',
        '| Note | Change | Text |',
        '| --- | --- | --- |',
        '| `rota` | created | `Mondays` |',
        '| `welcome` | created | `Hello ${name}` |',
        '',
      ].join('\n'),
    );
    // The product's table alone does not know the block: it is an unrecognized resource, not a notes section.
    expect(summarizePlan(planJson, { maxChars: 60_000 })).not.toContain('· notes');
  });

  it("doctor: preflight checks the token at the notes construct's SCIM root, and managed names pass over it", async () => {
    expect(stackNeeds(output, kinds)).toEqual({
      scim: { url: em.scimUrl, authScheme: 'bearer' },
      keys: new Map(),
      roles: new Map(),
      groups: false,
      manageRoles: false,
    });
    expect(() => stackNeeds(output)).toThrow('unknown construct kind "notes"');
    em.resetRequests();
    expect(await preflight({ output, token: TOKEN, kinds })).toEqual({ requests: 1 });
    expect(em.requests.map((r) => `${r.method} ${r.path.split('?')[0]}`)).toEqual(['GET /Users']);
    await expect(preflight({ output, token: 'wrong-token', kinds })).rejects.toThrow('preflight:');
    // Notes give users no keys or roles: doctor's managed names pass over the construct (and know its kind only through the table).
    expect(readManagedNames(project, kinds)).toEqual({ keys: [], roles: [], files: [], manageRoles: false });
    expect(() => readManagedNames(project)).toThrow('unknown construct kind "notes"');
  });
});
