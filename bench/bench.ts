import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { randomBytes } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { startEmulator, RateWindow, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { automationEnv, runCdktf } from '../src/cli/cdktf';
import { userAttributesManifest } from '../src/kinds/user-attributes/manifest';
import { SynthOutput } from '../src/synth/reader';
import { terraformMapDigest } from '../src/model/terraform-json';
import type { DesiredGroup } from '../src/kinds/directory-groups/model';
import { generateGroups, generateRoster, userName } from './generate';

/**
 * Prints figures (key=value lines on stdout) for user attributes and directory groups at scale,
 * against the local SCIM service with its rate limit off. Nothing is asserted.
 *   npm run bench -- --users 10000
 *   npm run bench -- --users 10000 --groups 500 --members 50
 *   npm run bench -- --users 10000 --big-group 20000
 *   npm run bench -- --users 2000 --rate 50        (the local service answers 429 above 50 requests/s, fixed windows)
 *   npm run bench -- --users 2000 --rate 50 --window sliding   (the same limit over a sliding window)
 *   npm run bench -- --users 10000 --max-page-size 1000   (pages as large as the client asks for)
 */
async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      users: { type: 'string', default: '10000' },
      shards: { type: 'string', default: '64' },
      groups: { type: 'string', default: '0' },
      members: { type: 'string', default: '50' },
      'big-group': { type: 'string', default: '0' },
      rate: { type: 'string', default: '0' },
      window: { type: 'string', default: 'fixed' },
      'max-page-size': { type: 'string', default: '200' },
    },
  });
  const bigGroup = Number(values['big-group']);
  const users = Math.max(Number(values.users), bigGroup + 1);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-bench-'));
  const token = randomBytes(16).toString('hex');
  const data = generateRoster(users);
  let groups = generateGroups(users, Number(values.groups), Number(values.members));
  if (bigGroup > 0) groups.push({ displayName: 'Everyone (big group)', members: Array.from({ length: bigGroup }, (_, i) => userName(i)) });
  const specPath = path.join(dir, 'spec.json');
  const writeSpec = () =>
    fs.writeFileSync(specPath, JSON.stringify({ roster: path.join(dir, 'roster.csv'), shards: Number(values.shards), groups }));
  fs.writeFileSync(path.join(dir, 'roster.csv'), data.csv);
  writeSpec();
  fs.writeFileSync(path.join(dir, 'terraform.rc'), '');
  fs.writeFileSync(
    path.join(dir, 'cdktf.json'),
    JSON.stringify({ language: 'typescript', app: `node ${JSON.stringify(path.join(__dirname, 'app.js'))}`, sendCrashReports: 'false' }),
  );
  const rate = Number(values.rate);
  const window = RateWindow.parse(values.window);
  const emulator = await startEmulator({
    port: 0,
    token,
    seed: Seed.parse(data.seed),
    // Domo's largest page is unpublished: the client asks for 1,000 users a page; the local service
    // serves 200 unless told otherwise, which makes every listing five times as many requests.
    maxPageSize: Number(values['max-page-size']),
    ...(rate > 0 ? { rateLimit: { requests: rate, perSeconds: 1, window } } : {}),
  });
  const env = automationEnv({
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    TF_CLI_CONFIG_FILE: path.join(dir, 'terraform.rc'),
    DOMO_SCIM_URL: emulator.scimUrl,
    DOMO_SCIM_TOKEN: token,
    BENCH_SPEC: specPath,
  });
  const cdktf = async (label: string, args: string[]) => {
    const started = process.hrtime.bigint();
    const result = await runCdktf(args, { cwd: dir, env });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (result.code !== 0) throw new Error(`${label} failed:\n${result.output.slice(-4000)}`);
    return { seconds, output: result.output };
  };
  const measureDeploy = async (prefix: string) => {
    emulator.resetRequests();
    const span = watchRequests(emulator);
    const deploy = await cdktf(`${prefix} deploy`, ['deploy', '--auto-approve']).finally(() => span.stop());
    print(`${prefix}_s`, deploy.seconds.toFixed(1));
    print(`requests_${prefix}`, emulator.requests.length);
    print(`writes_${prefix}`, emulator.requests.filter((r) => r.method !== 'GET').length);
    print(`request_span_s_${prefix}`, span.seconds().toFixed(1));
    print(`overhead_s_${prefix}`, (deploy.seconds - span.seconds()).toFixed(1));
    if (rate > 0) printRateFigures(prefix, emulator, { rate, span: span.seconds(), deploy: deploy.seconds });
  };
  try {
    print('users', users);
    print('max_page_size', values['max-page-size']);
    if (rate > 0) print('rate_limit', `${rate}/s ${window} window`);
    print('shards', values.shards);
    print('groups', groups.length);
    print('members_per_group', groups.length > 0 ? Math.round(groups.reduce((n, g) => n + g.members.length, 0) / groups.length) : 0);
    print('synth_s', (await cdktf('synth', ['synth'])).seconds.toFixed(1));
    await measureDeploy('deploy');
    const plan = await cdktf('plan', ['plan']);
    if (!plan.output.includes('No changes.')) throw new Error('the no-op plan has changes');
    print('plan_noop_s', plan.seconds.toFixed(1));
    print('handler_start_ms', handlerStartMs(dir, env).toFixed(0));

    fs.writeFileSync(path.join(dir, 'roster.csv'), data.csv.replace(data.changeLine.from, data.changeLine.to));
    await measureDeploy('single_change');
    if (groups.length > 0) {
      groups = groups.map((g, i) => (i === groups.length - 1 ? swapOneMember(g, users) : g));
      writeSpec();
      await measureDeploy('membership_change');
    }
    assertConverged(emulator);
  } finally {
    await emulator.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** One member leaves, another joins: the change a membership deploy should cost little for. */
function swapOneMember(group: DesiredGroup, users: number): DesiredGroup {
  const present = new Set(group.members);
  let joiner = users - 1;
  while (present.has(userName(joiner))) joiner--;
  return { ...group, members: [...group.members.slice(1), userName(joiner)] };
}

function assertConverged(emulator: RunningEmulator): void {
  if (emulator.requests.some((r) => r.status >= 400 && r.status !== 429))
    throw new Error('the local SCIM service answered errors during the benchmark');
}

/**
 * Median wall time of one handler as Terraform starts it: the process starts, hands its instance
 * to the deploy's engine (already running after the first start), which verifies the shard
 * against the manifest, and exits with the verdict (no SCIM calls).
 */
function handlerStartMs(dir: string, env: NodeJS.ProcessEnv): number {
  const stackDir = path.join(dir, 'cdktf.out', 'stacks', 'bench');
  const output = SynthOutput.open(stackDir);
  const entry = output.ofKind('user-attributes')[0]!;
  const rel = entry.manifestDir;
  const shard = Object.keys(entry.instances)[0]!;
  const construct = output.constructFile(entry, userAttributesManifest);
  const digest = terraformMapDigest(userAttributesManifest.triggers(construct, output.instanceFile(entry, shard, userAttributesManifest)));
  const times: number[] = [];
  for (let i = 0; i < 21; i++) {
    const started = process.hrtime.bigint();
    const r = spawnSync('node', ['domo-identity/handler.js', 'user-attributes', 'verify', rel, shard, digest], { cwd: stackDir, env });
    if (r.status !== 0) throw new Error(`handler verify failed: ${r.stderr}`);
    times.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return times.sort((a, b) => a - b)[10]!;
}

/**
 * How well the deploy used the rate limit: requests Domo accepted per second, from the first
 * request to the last (the span the engine worked; Terraform's own time is not Domo's), over the
 * limit; the whole deploy over its floor (accepted requests at the limit, the least time a deploy
 * of that many requests can take); and the 429 answers.
 */
function printRateFigures(prefix: string, emulator: RunningEmulator, time: { rate: number; span: number; deploy: number }): void {
  const accepted = emulator.requests.filter((r) => r.status !== 429).length;
  const throttled = emulator.requests.length - accepted;
  print(`rate_utilization_${prefix}`, time.span > 0 ? (accepted / time.span / time.rate).toFixed(2) : 'n/a');
  print(`floor_ratio_${prefix}`, accepted > 0 ? (time.deploy / (accepted / time.rate)).toFixed(2) : 'n/a');
  print(`throttled_${prefix}`, throttled);
  print(`throttled_share_${prefix}`, emulator.requests.length > 0 ? (throttled / emulator.requests.length).toFixed(4) : '0');
}

/** When the first and the last request of a deploy arrived (sampled every 50 ms). */
function watchRequests(emulator: RunningEmulator) {
  let first: number | undefined;
  let last: number | undefined;
  let seen = 0;
  const timer = setInterval(() => {
    const n = emulator.requests.length;
    if (n > seen) {
      first ??= Date.now();
      last = Date.now();
      seen = n;
    }
  }, 50);
  return { stop: () => clearInterval(timer), seconds: () => (first === undefined || last === undefined ? 0 : (last - first) / 1000) };
}

function print(key: string, value: string | number): void {
  process.stdout.write(`${key}=${value}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`bench: ${(err as Error).message}\n`);
  process.exitCode = 1;
});
