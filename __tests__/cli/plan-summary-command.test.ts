import { writeFixtureStack } from '../support/synth-fixture';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runPlanSummaryCommand } from '../../src/cli/commands/plan-summary';
import { run } from '../../src/cli/main';
import { readManifests } from '../../src/cli/plan-summary/manifests';
import { ConfigError } from '../../src/errors';

const FIXTURES = join(__dirname, '..', 'fixtures', 'plans');

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'plan-summary-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const SCIM = { url: 'https://acme.domo.com/api/identity/v1/scim', authScheme: 'bearer' as const };
const USERS_CONSTRUCT = { desiredUsers: [], customAttributeKeys: [], roleIds: [] };

describe('runPlanSummaryCommand', () => {
  it('--plan-json: summarizes the file; with --stack-dir, reads the removal policies next to the plan', async () => {
    const plain = await runPlanSummaryCommand({ planJson: join(FIXTURES, 'removal.json') }, dir);
    expect(plain).toContain("handled per the construct's removal policy (default `retain`");
    const stackDir = join(dir, 'cdktf.out', 'stacks', 'franchise-identity');
    writeFixtureStack(stackDir, SCIM, [
      {
        path: 'franchise-identity/FranchiseUsers',
        kind: 'users',
        construct: { ...USERS_CONSTRUCT, removalPolicy: 'delete' },
        instances: new Map(),
      },
    ]);
    const withPolicy = await runPlanSummaryCommand(
      { planJson: join(FIXTURES, 'removal.json'), stackDir: 'cdktf.out/stacks/franchise-identity' },
      dir,
    );
    expect(withPolicy).toContain('**Leaving** (1 user): they are **deleted from Domo** (removal policy `delete`): `bob@acme.com`');
  });

  it('--max-chars bounds the output and is validated (exit 2)', async () => {
    const out = await runPlanSummaryCommand({ planJson: join(FIXTURES, 'membership-change.json'), maxChars: '1000' }, dir);
    expect(out.length).toBeLessThanOrEqual(1000);
    await expect(runPlanSummaryCommand({ planJson: join(FIXTURES, 'membership-change.json'), maxChars: 'lots' }, dir)).rejects.toThrow(
      ConfigError,
    );
    await expect(runPlanSummaryCommand({ planJson: join(FIXTURES, 'membership-change.json'), maxChars: '500' }, dir)).rejects.toThrow(
      '--max-chars must be at least 1000',
    );
  });

  it('usage errors say to run `cdktf plan` first', async () => {
    await expect(runPlanSummaryCommand({}, dir)).rejects.toThrow(
      new ConfigError(`no synthesized stack in ${join(dir, 'cdktf.out', 'stacks')}: run \`cdktf plan\` first (or pass --stack-dir).`),
    );
    const stackDir = join(dir, 'cdktf.out', 'stacks', 'a');
    mkdirSync(stackDir, { recursive: true });
    await expect(runPlanSummaryCommand({}, dir)).rejects.toThrow(
      new ConfigError(`no plan file "plan" in ${stackDir}: run \`cdktf plan\` first.`),
    );
    mkdirSync(join(dir, 'cdktf.out', 'stacks', 'b'));
    await expect(runPlanSummaryCommand({}, dir)).rejects.toThrow('several stacks');
    await expect(runPlanSummaryCommand({ planJson: 'missing.json' }, dir)).rejects.toThrow(ConfigError);
    writeFileSync(join(dir, 'not-a-plan.json'), '{"resource_changes": 3}');
    await expect(runPlanSummaryCommand({ planJson: 'not-a-plan.json' }, dir)).rejects.toThrow(ConfigError);
  });

  it('is registered in the CLI, printing to stdout', async () => {
    const written: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      await run(['plan-summary', '--plan-json', join(FIXTURES, 'attribute-change.json')]);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain('| `jane@acme.com` | `franchise`: `FS-101` → `FS-102` |');
  });
});

describe('readManifests', () => {
  it('reads every construct of the synthesized stack, names a broken file, and finds none where nothing was synthesized', () => {
    writeFixtureStack(dir, SCIM, [
      {
        path: 'stack/A',
        kind: 'user-attributes',
        construct: { managedKeys: ['k'], removalPolicy: 'retain', desiredUsers: [] },
        instances: new Map(),
      },
      {
        path: 'stack/B',
        kind: 'directory-groups',
        construct: { membership: 'additive', removalPolicy: 'delete', desiredGroups: [] },
        instances: new Map(),
      },
    ]);
    expect(readManifests(dir)).toEqual({
      'domo-identity/stack.A': { kind: 'user-attributes', removalPolicy: 'retain', constructPath: 'stack/A' },
      'domo-identity/stack.B': { kind: 'directory-groups', removalPolicy: 'delete', membership: 'additive', constructPath: 'stack/B' },
    });
    writeFileSync(join(dir, 'domo-identity', 'stack.B', 'construct.json'), '{');
    expect(() => readManifests(dir)).toThrow('Cannot read the construct file of stack/B');
    expect(readManifests(join(dir, 'nowhere'))).toEqual({});
  });
});

describe('with the real Terraform CLI', () => {
  it('runs `terraform show -json plan` in the only stack folder and reads the manifests there', async () => {
    const stackDir = join(dir, 'cdktf.out', 'stacks', 'franchise-identity');
    mkdirSync(stackDir, { recursive: true });
    const interpreter = (when: string) => [
      'node',
      'domo-identity/handler.js',
      'directory-groups',
      when,
      'domo-identity/franchise-identity.Groups',
      '${each.key}',
    ];
    const tf = {
      locals: {
        Groups_Shards: { 'Franchise 101': { displayName: 'Franchise 101', membership: 'authoritative', 'member/jane@acme.com': 'member' } },
      },
      resource: {
        terraform_data: {
          Groups_5E1F0A2B: {
            for_each: '${toset(keys(local.Groups_Shards))}',
            triggers_replace: '${lookup(local.Groups_Shards, each.key)}',
            provisioner: [
              {
                'local-exec': {
                  when: 'create',
                  interpreter: interpreter('create'),
                  command: '${sha256(jsonencode(self.triggers_replace))}',
                },
              },
              {
                'local-exec': { when: 'destroy', interpreter: interpreter('destroy'), command: '${self.triggers_replace["displayName"]}' },
              },
            ],
          },
        },
      },
    };
    writeFileSync(join(stackDir, 'cdk.tf.json'), JSON.stringify(tf));
    writeFixtureStack(stackDir, SCIM, [
      {
        path: 'franchise-identity/Groups',
        kind: 'directory-groups',
        construct: { membership: 'authoritative', removalPolicy: 'delete', desiredGroups: [] },
        instances: new Map(),
      },
    ]);
    const rc = join(dir, 'terraform.rc');
    writeFileSync(rc, '');
    const env = { ...process.env, TF_CLI_CONFIG_FILE: rc, CHECKPOINT_DISABLE: '1', TF_IN_AUTOMATION: '1' };
    for (const args of [
      ['init', '-input=false'],
      ['plan', '-input=false', '-out=plan'],
    ]) {
      const result = spawnSync('terraform', args, { cwd: stackDir, env, encoding: 'utf8' });
      expect(result.stderr).toBe('');
      expect(result.status).toBe(0);
    }
    const previous = process.env.TF_CLI_CONFIG_FILE;
    process.env.TF_CLI_CONFIG_FILE = rc;
    try {
      const out = await runPlanSummaryCommand({}, dir);
      expect(out).toContain('groups: 1 created, 0 changed, 0 removed · members: 1 joining, 0 leaving');
      expect(out).toContain(
        '### Groups · directory groups\n\n1 created · membership `authoritative` · construct `franchise-identity/Groups` · removal policy `delete`',
      );
      expect(out).toContain('**`Franchise 101`** — created, 1 member\n\nJoining (1): `jane@acme.com`');
    } finally {
      if (previous === undefined) delete process.env.TF_CLI_CONFIG_FILE;
      else process.env.TF_CLI_CONFIG_FILE = previous;
    }
  });
});
