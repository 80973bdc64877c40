import * as path from 'node:path';
import { generateGroups, userName } from '../../bench/generate';
import { isAlive } from '../../src/engine/lock-file';
import { lockHolder } from '../../src/engine/rendezvous';
import type { TestProject } from '../support/project';
import { scaleProject } from '../support/scale-project';

describe('one engine per deploy, under a rate limit Domo does not publish', () => {
  let project: TestProject;
  afterAll(async () => project?.close());

  it('deploys 300 users in 16 shards at 5 requests/s in ONE deploy, zero failed users, at most 5 % of requests answered 429', async () => {
    const scale = await scaleProject({ users: 300, shards: 16, rateLimit: { requests: 5, perSeconds: 1 } });
    project = scale.project;
    const result = await project.deploy();
    expect(result.code).toBe(0);
    expect(result.output).not.toMatch(/\bfailed\b/);
    const requests = project.emulator.requests;
    const throttled = requests.filter((r) => r.status === 429).length;
    expect(throttled / requests.length).toBeLessThanOrEqual(0.05);
    const users = project.emulator.snapshot().users;
    expect(users.filter((u) => (u.customAttributes?.franchise ?? []).length === 1)).toHaveLength(300);
    expect(await project.engineGone()).toEqual([]);
    const plan = await project.plan();
    expect(plan.changes).toEqual([]);
  }, 600_000);
});

describe('requests in proportion to the change', () => {
  let project: TestProject;
  let scale: Awaited<ReturnType<typeof scaleProject>>;
  beforeAll(async () => {
    scale = await scaleProject({ users: 2000, shards: 16, groups: generateGroups(2000, 20, 10) });
    project = scale.project;
    const first = await project.deploy();
    if (first.code !== 0) throw new Error(`initial deploy failed:\n${first.output.slice(-3000)}`);
  }, 600_000);
  afterAll(async () => project?.close());

  it('one attribute of one user among 2,000 users in 16 shards: at most 3 SCIM requests (lookup, PATCH, read-back)', async () => {
    project.emulator.resetRequests();
    project.writeFile('roster.csv', scale.data.csv.replace(scale.data.changeLine.from, scale.data.changeLine.to));
    const result = await project.deploy();
    expect(result.code).toBe(0);
    const id = project.emulator.store.findUserByUserName(userName(6))!.id;
    expect(project.emulator.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /Users', `PATCH /Users/${id}`, `GET /Users/${id}`]);
    expect(result.output).toMatch(/note: \d+ other users of this shard unchanged by this plan: not re-read/);
  }, 600_000);

  it('one member in, one out of one group: at most 4 group requests beyond the user directory', async () => {
    project.emulator.resetRequests();
    const group = scale.spec.groups[3]!;
    const leaver = group.members[0]!;
    const joiner = userName(1999);
    scale.spec.groups[3] = { ...group, members: [...group.members.slice(1), joiner] };
    scale.writeSpec();
    const result = await project.deploy();
    expect(result.code).toBe(0);
    const requests = project.emulator.requests;
    const directory = requests.filter((r) => r.path === '/Users');
    const id = project.emulator.store.findGroupByDisplayName(group.displayName)!.id;
    expect(requests.filter((r) => !directory.includes(r)).map((r) => `${r.method} ${r.path}`)).toEqual([
      'GET /Groups',
      `GET /Groups/${id}`,
      `PATCH /Groups/${id}`,
      `GET /Groups/${id}`,
    ]);
    const members = project.emulator.store.findGroupByDisplayName(group.displayName)!.members;
    const ids = (n: string) => project.emulator.store.findUserByUserName(n)!.id;
    expect(members).toContain(ids(joiner));
    expect(members).not.toContain(ids(leaver));
  }, 600_000);
});

describe('an engine killed mid-deploy', () => {
  let project: TestProject;
  afterAll(async () => project?.close());

  it('fails only the unfinished instances; the next deploy converges; no engine process or socket is left behind', async () => {
    const scale = await scaleProject({ users: 400, shards: 8 });
    project = scale.project;
    // Slow writes, so the deploy is still running when the engine is killed.
    project.emulator.addFault({ kind: 'delay', method: 'PATCH', ms: 40, times: 100_000 });
    const deploying = project.deploy();
    let killed: number | undefined;
    for (let i = 0; i < 600 && killed === undefined; i++) {
      await new Promise((r) => setTimeout(r, 100));
      const lock = project.engineFiles().find((f) => f.endsWith('.lock'));
      const patched = project.emulator.requests.filter((r) => r.method === 'PATCH').length;
      const pid = lock ? lockHolder(path.join(project.stackDir, 'domo-identity', lock))?.pid : undefined;
      if (pid && patched > 60) {
        process.kill(pid, 'SIGKILL');
        killed = pid;
      }
    }
    expect(killed).toBeDefined();
    const result = await deploying;
    expect(result.code).not.toBe(0);
    expect(result.output).toContain('the deploy engine stopped before it finished this instance');
    expect(isAlive(killed!)).toBe(false);
    expect(await project.engineGone()).toEqual([]);

    project.emulator.clearFaults();
    const again = await project.deploy();
    expect(again.code).toBe(0);
    const users = project.emulator.snapshot().users;
    expect(users.filter((u) => (u.customAttributes?.franchise ?? []).length === 1)).toHaveLength(400);
    expect(await project.engineGone()).toEqual([]);
    expect((await project.plan()).changes).toEqual([]);
  }, 600_000);
});
