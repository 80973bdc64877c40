import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { repairsOfPlan, stalePlanMessage } from '../../src/cli/pipeline/apply';
import { readDeployMarker, writeDeployMarker } from '../../src/cli/pipeline/deploy-marker';
import { readPlanRecord, rewritePlanRecord, writePlanRecord, type PlanRecord } from '../../src/cli/pipeline/plan-record';
import { checkState, localStateFiles, readStackState, SuspiciousStateError } from '../../src/cli/pipeline/state';
import { swapInto } from '../../src/cli/pipeline/synth';
import { withApplicationName } from '../../src/cli/pipeline/terraform-steps';
import { errorBlock, planLine } from '../../src/cli/terraform';
import { desiredByFacet, type DesiredState } from '../support/drift-compat';
import { deployedUsers } from '../../src/people/deployed';
import { CUSTOM_USER } from '../../src/domo/scim/urns';
import type { ScimUser } from '../../src/domo/scim/schemas';
import { SynthOutput } from '../../src/synth/reader';
import { writeFixtureStack } from '../support/synth-fixture';

const SCIM = { url: 'http://127.0.0.1:9/api/identity/v1/scim', authScheme: 'bearer' as const };

let dir: string;
let stackDir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pipeline-'));
  stackDir = path.join(dir, 'cdktf.out', 'stacks', 's');
  writeFixtureStack(stackDir, SCIM, [
    {
      path: 's/Attributes',
      kind: 'user-attributes',
      construct: { managedKeys: ['region'], removalPolicy: 'clear', desiredUsers: ['ana@x.com'] },
      instances: new Map([
        ['0', { shard: '0', users: [{ userName: 'ana@x.com', attributes: { region: ['W'] } }] }],
        ['1', { shard: '1', users: [] }],
      ]),
    },
    {
      path: 's/Groups',
      kind: 'directory-groups',
      construct: { membership: 'authoritative', removalPolicy: 'retain', desiredGroups: ['north'] },
      instances: new Map([['North', { group: { displayName: 'North', members: ['ana@x.com'] } }]]),
    },
  ]);
});
afterEach(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const change = (name: string, index: string, actions: string[], reason?: string) => ({
  address: `terraform_data.${name}["${index}"]`,
  mode: 'managed',
  type: 'terraform_data',
  name,
  index,
  change: { actions },
  ...(reason ? { action_reason: reason } : {}),
});
const record = (remove: PlanRecord['remove'] = [], all = false): PlanRecord => ({
  version: 1,
  stack: 's',
  synth: 'digest',
  createdAt: '2026-11-29T10:00:00.000Z',
  remove,
  ...(all ? { all } : {}),
});

describe('repairsOfPlan: the engine repairs what the saved plan names, nothing else', () => {
  it('instances replaced on request are reconciled whole; outsiders go to their instance only when the plan creates it', () => {
    const plan = {
      resource_changes: [
        change('s_Attributes', '0', ['delete', 'create'], 'replace_by_request'),
        change('s_Attributes', '1', ['no-op']),
        change('s_Groups', 'North', ['delete', 'create'], 'replace_because_cannot_update'),
        change('other_thing', '0', ['delete', 'create'], 'replace_by_request'),
      ],
    };
    const output = SynthOutput.open(stackDir);
    const remove = [
      { manifestDir: 'domo-identity/s.Attributes', key: '0', userNames: ['bo@x.com'] },
      { manifestDir: 'domo-identity/s.Attributes', key: '1', userNames: ['cy@x.com'] },
    ];
    expect(repairsOfPlan(plan, output, record(remove))).toEqual({
      instances: [{ manifestDir: 'domo-identity/s.Attributes', key: '0', remove: ['bo@x.com'] }],
    });
    // A plan that replaces nothing on request and creates no instance with outsiders repairs nothing.
    expect(repairsOfPlan({ resource_changes: [change('s_Groups', 'North', ['delete', 'create'])] }, output, record())).toBeUndefined();
    expect(repairsOfPlan({ resource_changes: [] }, output, record([], true))).toEqual({ all: true, instances: [] });
  });
});

describe('the plan record beside a saved plan', () => {
  it('is written and read back; a missing one says to keep the files together', () => {
    const plan = path.join(dir, 'p.tfplan');
    writePlanRecord(plan, record());
    expect(readPlanRecord(plan)).toEqual(record());
    expect(() => readPlanRecord(path.join(dir, 'q.tfplan'))).toThrow(
      /q\.tfplan\.repairs\.json cannot be read .* keep the two files together/,
    );
  });
});

describe('a saved plan Terraform refuses as stale says whether it was ever applied', () => {
  const made = '2026-12-08T00:00:00.000Z';
  const stale = ({ record: marks, appliedAt }: { record?: Pick<PlanRecord, 'applyStartedAt' | 'appliedAt'>; appliedAt?: string }) =>
    stalePlanMessage({
      planFile: 'p.tfplan',
      record: { ...record(), createdAt: made, ...marks },
      ...(appliedAt !== undefined ? { appliedAt } : {}),
    });

  it('applied already, its own apply failed part-way, another deploy from this folder, or a deploy elsewhere', () => {
    expect(stale({ record: { applyStartedAt: '2026-12-08T00:05:00Z', appliedAt: '2026-12-08T00:06:00Z' } })).toBe(
      'the saved plan p.tfplan was applied already (2026-12-08T00:06:00Z): a plan applies once, so Terraform refused it and nothing was applied this time. ' +
        'To change Domo again: Make a new plan (domo-identity plan --out), review it, and apply that one.',
    );
    expect(stale({ record: { applyStartedAt: '2026-12-08T00:05:00Z' } })).toMatch(
      /^the saved plan p\.tfplan is stale: its own apply started at 2026-12-08T00:05:00Z did not finish \(it failed or was interrupted\) and changed the state, .* It shows what that apply left undone\.$/,
    );
    const other = stale({ appliedAt: '2026-12-08T00:07:00Z' });
    expect(other).toContain(
      `another deploy from this folder changed the state at 2026-12-08T00:07:00Z, after this plan was made (${made})`,
    );
    expect(other).toContain('This plan was never applied.');
    // A deploy from this folder before the plan was made did not make it stale: the state changed elsewhere.
    const elsewhere = stale({ appliedAt: '2026-12-07T23:00:00Z' });
    expect(elsewhere).toContain(`the state changed after this plan was made (${made}), by a deploy that did not run from this folder`);
    expect(elsewhere).toContain('This plan was never applied.');
    for (const message of [other, elsewhere]) expect(message).not.toContain('applied already');
  });

  it('the record notes the apply (best effort); the deploy marker keeps the last apply when a plan only finds the stack', () => {
    const plan = path.join(dir, 'p.tfplan');
    writePlanRecord(plan, record());
    rewritePlanRecord(plan, { ...record(), applyStartedAt: 'then' });
    expect(readPlanRecord(plan).applyStartedAt).toBe('then');
    // A record that cannot be written does not throw.
    expect(rewritePlanRecord(path.join(dir, 'no-such-folder', 'p.tfplan'), record())).toEqual(record());

    writeDeployMarker(dir, 's');
    const applied = readDeployMarker(dir, 's')!.appliedAt;
    expect(applied).toBeDefined();
    writeDeployMarker(dir, 's', 3);
    expect(readDeployMarker(dir, 's')).toMatchObject({ instances: 3, appliedAt: applied });
  });
});

describe('the state check', () => {
  const desired: DesiredState = {
    userAttributes: [{ constructPath: 's/Attributes', managedKeys: ['region'], users: [], instanceOf: new Map(), removalPolicy: 'clear' }],
    users: [],
    groups: [],
  };
  const liveWith = (values: string[]) => ({
    users: [{ id: '1', userName: 'ana@x.com', [CUSTOM_USER]: { customAttributes: [{ key: 'region', values }] } } as ScimUser],
    groups: [],
  });
  const stateJson = (resources: unknown[]) => ({ values: { root_module: { resources } } });
  const withBackend = () =>
    fs.writeFileSync(
      path.join(stackDir, 'cdk.tf.json'),
      JSON.stringify({ terraform: { backend: { local: { path: path.join(dir, 'st.tfstate') } } } }),
    );

  it('refuses an empty state file whose backup holds resources, with the exact restore command', () => {
    withBackend();
    const files = localStateFiles(stackDir)!;
    expect(files).toEqual({ state: path.join(dir, 'st.tfstate'), backup: path.join(dir, 'st.tfstate.backup') });
    fs.writeFileSync(files.state, '');
    fs.writeFileSync(files.backup, JSON.stringify({ resources: [{ instances: [{}, {}] }] }));
    const state = readStackState(stateJson([]), SynthOutput.open(stackDir));
    const check = () => checkState({ stackDir, state, desired: desiredByFacet(desired) });
    expect(check).toThrow(SuspiciousStateError);
    expect(check).toThrow(`but Terraform's backup beside it holds 2 resource instances`);
    expect(check).toThrow(`\n\n  cp ${files.backup} ${files.state}\n\n`);
    fs.rmSync(files.state);
    expect(check).toThrow(`the state file ${files.state} is missing`);
  });

  it('plans a first deploy with no flag: a note when Domo already holds managed values, nothing when it holds none', () => {
    const empty = readStackState(stateJson([]), SynthOutput.open(stackDir));
    expect(checkState({ stackDir, state: empty, desired: desiredByFacet(desired), live: liveWith(['W']) })).toEqual({
      note:
        "First deploy of this stack: Terraform's state holds none of its instances, and Domo holds values the stack manages (ana@x.com holds region). " +
        'Expected when the values were adopted with domo-identity export or set by hand; if this stack was deployed before, its state is lost: do not apply, restore the state.',
    });
    expect(checkState({ stackDir, state: empty, desired: desiredByFacet(desired), live: liveWith([]) })).toEqual({});
    expect(checkState({ stackDir, state: empty, desired: desiredByFacet(desired) })).toEqual({});
  });

  it('refuses a state without the stack when the project recorded a deploy of it, naming the record and what Domo holds', () => {
    const empty = readStackState(stateJson([]), SynthOutput.open(stackDir));
    const marker = { seenAt: '2026-12-01T10:00:00.000Z', file: '.domo-identity/deployed/s.json' };
    const check = (values: string[]) => () =>
      checkState({ stackDir, state: empty, desired: desiredByFacet(desired), live: liveWith(values), marker });
    expect(check(['W'])).toThrow(SuspiciousStateError);
    expect(check(['W'])).toThrow(
      "the state is lost: Terraform's state holds none of this stack's instances (it is empty), but this project deployed the stack " +
        '(.domo-identity/deployed/s.json records it, 2026-12-01T10:00:00.000Z), and Domo holds values the stack manages (ana@x.com holds region). ' +
        "Restore the state from your backend's history",
    );
    expect(check([])).toThrow('and Domo holds none of the values the stack manages.');
    // No backup is named that does not exist: the local state file only when the backend is local.
    expect(check(['W'])).not.toThrow('.backup');
  });

  it('passes a state that holds the stack, whatever Domo holds', () => {
    const output = SynthOutput.open(stackDir);
    const held = readStackState(
      stateJson([
        {
          mode: 'managed',
          type: 'terraform_data',
          name: 's_Attributes',
          index: '0',
          values: { triggers_replace: { 'Ana@x.com/region': 'W' } },
        },
      ]),
      output,
    );
    expect(held.instances).toBe(1);
    expect(deployedUsers(held.deployed, 's/Attributes')).toEqual(new Map([['ana@x.com', new Map([['region', 'W']])]]));
    const marker = { seenAt: '2026-12-01T10:00:00.000Z', file: '.domo-identity/deployed/s.json' };
    expect(checkState({ stackDir, state: held, desired: desiredByFacet(desired), live: liveWith(['W']), marker })).toEqual({});
  });

  it('leaves tainted instances out of what the state says was deployed (their destroy step never runs)', () => {
    const state = readStackState(
      stateJson([
        {
          type: 'terraform_data',
          name: 's_Attributes',
          index: '0',
          tainted: true,
          values: { triggers_replace: { 'ana@x.com/region': 'W' } },
        },
      ]),
      SynthOutput.open(stackDir),
    );
    expect(state.instances).toBe(1);
    expect(deployedUsers(state.deployed, 's/Attributes').size).toBe(0);
  });
});

describe('swapInto: a staged synth replaces what synth writes and keeps the rest', () => {
  it('keeps .terraform and other files of the stack folder, replaces domo-identity/ and cdk.tf.json', () => {
    const out = path.join(dir, 'cdktf.out');
    const staging = path.join(dir, 'staging');
    fs.mkdirSync(path.join(stackDir, '.terraform'), { recursive: true });
    fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), 'old');
    fs.writeFileSync(path.join(stackDir, 'terraform.tfstate'), 'state');
    fs.mkdirSync(path.join(staging, 'stacks', 's', 'domo-identity'), { recursive: true });
    fs.mkdirSync(path.join(staging, 'stacks', 'new'), { recursive: true });
    fs.writeFileSync(path.join(staging, 'stacks', 's', 'cdk.tf.json'), 'new');
    fs.writeFileSync(path.join(staging, 'stacks', 's', 'domo-identity', 'index.json'), '{}');
    fs.writeFileSync(path.join(staging, 'manifest.json'), '{"m":1}');
    swapInto(staging, out);
    expect(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8')).toBe('new');
    expect(fs.readdirSync(path.join(stackDir, 'domo-identity'))).toEqual(['index.json']);
    expect(fs.existsSync(path.join(stackDir, '.terraform'))).toBe(true);
    expect(fs.readFileSync(path.join(stackDir, 'terraform.tfstate'), 'utf8')).toBe('state');
    expect(fs.existsSync(path.join(out, 'stacks', 'new'))).toBe(true);
    expect(fs.readFileSync(path.join(out, 'manifest.json'), 'utf8')).toBe('{"m":1}');
    expect(fs.readdirSync(stackDir).filter((n) => n.includes('.old-'))).toEqual([]);
  });
});

describe('Terraform output and settings', () => {
  it('names the pg backend connection after the run, in either connection string form', () => {
    expect(withApplicationName('postgres://u@h:5432/db?sslmode=disable', 'domo-identity deploy pid 7 on ci')).toBe(
      'postgres://u@h:5432/db?sslmode=disable&application_name=domo-identity%20deploy%20pid%207%20on%20ci',
    );
    expect(withApplicationName('postgres://u@h/db', 'x y')).toBe('postgres://u@h/db?application_name=x%20y');
    expect(withApplicationName('host=h dbname=db', "it's")).toBe("host=h dbname=db application_name='it\\'s'");
    expect(withApplicationName('postgres://h/db?application_name=mine', 'x')).toBe('postgres://h/db?application_name=mine');
  });

  it("finds Terraform's error blocks and its plan line", () => {
    const output = 'Acquiring state lock\nsome progress\n\nError: Saved plan is stale\n\nThe given plan file can no longer be applied.\n';
    expect(errorBlock(output)).toBe('Error: Saved plan is stale\n\nThe given plan file can no longer be applied.');
    expect(planLine('…\nPlan: 2 to add, 0 to change, 2 to destroy.\n')).toBe('Plan: 2 to add, 0 to change, 2 to destroy.');
    expect(planLine('No changes. Your infrastructure matches the configuration.')).toBe('No changes.');
  });
});
