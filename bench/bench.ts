import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { startEmulator, Seed } from '../src/emulator';
import { automationEnv, runCdktf } from '../src/cli/cdktf';
import { UserAttributesShardFile } from '../src/model/manifest';
import { terraformMapDigest } from '../src/model/terraform-json';
import { userAttributeTriggers } from '../src/model/triggers';
import { generateRoster } from './generate';

/**
 * Prints figures (key=value lines on stdout) for the sample stack at scale against the local SCIM
 * service with its rate limit off. Run: npm run bench -- --users 10000
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { users: { type: 'string', default: '10000' }, shards: { type: 'string', default: '64' } } });
  const users = Number(values.users);
  const shards = Number(values.shards);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-bench-'));
  const token = randomBytes(16).toString('hex');
  const data = generateRoster(users);
  fs.writeFileSync(path.join(dir, 'roster.csv'), data.csv);
  fs.writeFileSync(path.join(dir, 'terraform.rc'), '');
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(path.join(__dirname, '..', 'main.js'))}`, sendCrashReports: 'false' }),
  );
  const emulator = await startEmulator({ port: 0, token, seed: Seed.parse(data.seed) });
  const env = automationEnv({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: path.join(dir, 'terraform.rc'),
    DOMO_SCIM_URL: emulator.scimUrl,
    DOMO_SCIM_TOKEN: token,
    DOMO_IDENTITY_ROSTER: path.join(dir, 'roster.csv'),
    DOMO_IDENTITY_SHARDS: String(shards),
  });
  const cdktf = async (label: string, args: string[]) => {
    const started = process.hrtime.bigint();
    const result = await runCdktf(args, { cwd: dir, env });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.code !== 0) throw new Error(`${label} failed:\n${result.output.slice(-4000)}`);
    return { seconds, output: result.output };
  };
  try {
    print('users', users);
    print('shards', shards);
    print('synth_s', (await cdktf('synth', ['synth'])).seconds.toFixed(1));
    const deploy = await cdktf('deploy', ['deploy', '--auto-approve']);
    print('deploy_s', deploy.seconds.toFixed(1));
    print('requests_initial_deploy', emulator.requests.length);
    const plan = await cdktf('plan', ['plan']);
    if (!plan.output.includes('No changes.')) throw new Error('the no-op plan has changes');
    print('plan_noop_s', plan.seconds.toFixed(1));
    print('handler_start_ms', handlerStartMs(dir, env).toFixed(0));

    fs.writeFileSync(path.join(dir, 'roster.csv'), data.csv.replace(data.changeLine.from, data.changeLine.to));
    emulator.resetRequests();
    const change = await cdktf('deploy one change', ['deploy', '--auto-approve']);
    print('deploy_single_change_s', change.seconds.toFixed(1));
    print('requests_single_change', emulator.requests.length);
    print('writes_single_change', emulator.requests.filter((r) => r.method !== 'GET').length);
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Median wall time of starting the handler and verifying one shard against the manifest (no SCIM calls). */
function handlerStartMs(dir: string, env: NodeJS.ProcessEnv): number {
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'franchise-identity');
  const rel = path.join('domo-identity', 'franchise-identity.FranchiseAttributes');
  const shardFile = fs.readdirSync(path.join(stackDir, rel)).find((f) => f.startsWith('shard-'))!;
  const { shard, users, managedKeys } = UserAttributesShardFile.parse(JSON.parse(fs.readFileSync(path.join(stackDir, rel, shardFile), 'utf8')));
  const digest = terraformMapDigest(userAttributeTriggers(users, managedKeys));
  const times: number[] = [];
  for (let i = 0; i < 11; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('node', ['domo-identity/handler.js', 'user-attributes', 'verify', rel, shard, digest], { cwd: stackDir, env });
    if (r.status !== 0) throw new Error(`handler verify failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[5]!;
}

function print(key: string, value: string | number): void {
  process.stdout.write(`${key}=${value}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
