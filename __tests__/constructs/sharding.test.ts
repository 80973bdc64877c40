import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Testing, TerraformStack } from 'cdktf';
import { DomoUserAttributes, Sharding } from '../../src';
import { assignShards, removalArgumentBytes, SHARD_ARGUMENT_BUDGET, type ShardableUser } from '../../src/constructs/sharding';
import { userDigestsOfTriggers } from '../../src/model/triggers';
import { shardLocals, type SynthJson } from '../support/synth-json';

/** Linux's cap on one argument, its terminating NUL included (MAX_ARG_STRLEN). */
const ARG_MAX_STRLEN = 131_072;

/** 38-byte multi-byte userNames: JSON.stringify of 2,400 of them is under the old 100,000-byte check, their removal argument is not under Linux's cap. */
const multiByte = (i: number) => `jürgen.müller.${String(i).padStart(4, '0')}@bäckerei-süd.de`;
/** 23-character ASCII userNames: the same for 3,600 of them. */
const ascii = (i: number) => `employee.${String(i).padStart(5, '0')}@acme.com`;
const users = (n: number, name: (i: number) => string): ShardableUser[] =>
  Array.from({ length: n }, (_, i) => ({ userName: name(i), attributes: { franchise: ['F1'] } }));
const byFranchise = Sharding.byAttribute('franchise');
const names = (shards: Record<string, ShardableUser[]>) =>
  Object.fromEntries(Object.entries(shards).map(([k, v]) => [k, v.map((u) => u.userName)]));

/** The removal argument Terraform itself computes from a shard's trigger map (terraform console). */
async function terraformRemovalArgument(triggers: Record<string, string>): Promise<string> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sharding-tf-'));
  try {
    fs.writeFileSync(path.join(dir, 'main.tf'), 'locals { t = jsondecode(file("t.json")) }\n');
    fs.writeFileSync(path.join(dir, 't.json'), JSON.stringify(triggers));
    fs.writeFileSync(path.join(dir, 'terraform.rc'), '');
    const expression = userDigestsOfTriggers('local.t').replace(/^\$\{(.*)\}$/s, '$1');
    const child = execFile('terraform', ['console'], {
      cwd: dir,
      env: { PATH: process.env.PATH, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'terraform.rc') },
      maxBuffer: 64 * 1024 * 1024,
    });
    let stdout = '';
    child.stdout!.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    child.stdin!.end(`${expression}\n`);
    await new Promise((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve(code) : reject(new Error(stdout)))));
    // The console prints the string quoted; its escapes here are JSON's.
    return JSON.parse(stdout.trim()) as string;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('shards a removal step can always run', () => {
  it('counts the removal argument exactly as Terraform writes it: <, >, & escaped, non-ASCII as UTF-8', async () => {
    const userNames = ['a<b>&c@x.com', 'jürgen@bäckerei.de', 'o"brien\\x@y.com', '日本@例え.jp', 'plain@acme.com'];
    const triggers = Object.fromEntries(
      userNames.flatMap((u) => [
        [`${u}/franchise`, 'F1'],
        [`${u}/storeNumber`, '7'],
      ]),
    );
    const argument = await terraformRemovalArgument(triggers);
    expect(Buffer.byteLength(argument)).toBe(removalArgumentBytes(userNames));
    expect(argument).toContain('a\\u003cb\\u003e\\u0026c@x.com');
  });

  it.each([
    ['2,400 multi-byte userNames', 2400, multiByte],
    ['3,600 ASCII userNames of 23 characters', 3600, ascii],
  ])('one franchise of %s, which passed the old check and bricked, is split into sub-shards that fit', (_what, n, name) => {
    const all = users(n, name);
    expect(Buffer.byteLength(JSON.stringify(all.map((u) => u.userName)))).toBeLessThan(100_000);
    expect(removalArgumentBytes(all.map((u) => u.userName))).toBeGreaterThan(ARG_MAX_STRLEN);

    const shards = assignShards('test/Attrs', all, (u) => u, byFranchise);
    expect(Object.keys(shards).sort()).toEqual(['F1', 'F1~2']);
    for (const part of Object.values(shards))
      expect(removalArgumentBytes(part.map((u) => u.userName))).toBeLessThanOrEqual(SHARD_ARGUMENT_BUDGET);
    expect(Object.values(shards).flat()).toHaveLength(n);
  });

  it('is stable: the same users give the same sub-shards, and a leaver moves nobody else', () => {
    const all = users(3600, ascii);
    const first = names(assignShards('test/Attrs', all, (u) => u, byFranchise));
    expect(names(assignShards('test/Attrs', [...all].reverse(), (u) => u, byFranchise))).toEqual(
      Object.fromEntries(Object.entries(first).map(([k, v]) => [k, [...v].reverse()])),
    );
    const stay = all.filter((_, i) => i % 10 !== 0);
    const second = names(assignShards('test/Attrs', stay, (u) => u, byFranchise));
    for (const [shard, members] of Object.entries(second)) {
      const before = new Set(first[shard]);
      expect(members.filter((m) => !before.has(m))).toEqual([]);
    }
  });

  it('splits an oversized hash bucket too, leaving the buckets that fit as they are', () => {
    const all = users(3600, ascii);
    const shards = assignShards('test/Attrs', all, (u) => u, Sharding.hashBuckets(1));
    expect(Object.keys(shards).sort()).toEqual(['0', '0~2']);
    expect(Object.keys(assignShards('test/Attrs', all, (u) => u, Sharding.hashBuckets(4))).sort()).toEqual(['0', '1', '2', '3']);
  });

  it('refuses at synth, naming the construct, shard and the fix, when a sub-shard name is a shard already', () => {
    const all = [...users(3600, ascii), { userName: 'x@acme.com', attributes: { franchise: ['F1~2'] } }];
    expect(() => assignShards('test/Attrs', all, (u) => u, byFranchise)).toThrow(
      'test/Attrs: shard "F1" is too large for one instance\'s removal step and is split into sub-shards, but the sub-shard name "F1~2" is already a shard of the strategy.',
    );
  });

  it('renders the sub-shards as instances of the construct, each trigger map within the budget', () => {
    const stack = new TerraformStack(Testing.app(), 'test');
    new DomoUserAttributes(stack, 'Attrs', {
      users: users(2400, multiByte).map((u, i) => ({ userName: u.userName, attributes: { franchise: ['F1'], storeNumber: [String(i)] } })),
      managedKeys: ['franchise', 'storeNumber'],
      scim: { url: 'https://acme.domo.com/api/identity/v1/scim' },
      sharding: byFranchise,
    });
    const locals = shardLocals(JSON.parse(Testing.synth(stack)) as SynthJson);
    expect(Object.keys(locals).sort()).toEqual(['F1', 'F1~2']);
    for (const triggers of Object.values(locals)) {
      const userNames = [...new Set(Object.keys(triggers).map((k) => k.slice(0, k.lastIndexOf('/'))))];
      expect(removalArgumentBytes(userNames)).toBeLessThanOrEqual(SHARD_ARGUMENT_BUDGET);
    }
  });
});
