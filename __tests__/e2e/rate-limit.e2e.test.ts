import type { TestProject } from '../support/project';
import { scaleProject } from '../support/scale-project';

/** Users the deploy gave their attribute: the franchise of the generated roster. */
function attributed(project: TestProject): number {
  return project.emulator.snapshot().users.filter((u) => (u.customAttributes?.franchise ?? []).length === 1).length;
}

describe('the time budget bounds waiting, not size', () => {
  let project: TestProject | undefined;
  afterEach(async () => {
    await project?.close();
    project = undefined;
  });

  it('200 users at 5 requests/s over a sliding window (about 45 s of requests) complete in ONE deploy with a 20 s budget, at most 10 % answered 429', async () => {
    const scale = await scaleProject({
      users: 200,
      shards: 8,
      rateLimit: { requests: 5, perSeconds: 1, window: 'sliding' },
      env: { DOMO_IDENTITY_TIME_BUDGET: '20s' },
    });
    project = scale.project;
    const result = await project.deploy();
    expect(result.code).toBe(0);
    expect(result.output).not.toMatch(/\bfailed\b|was spent/);
    const requests = project.emulator.requests;
    // The floor is what makes this test: more requests than 20 s of the limit can serve.
    expect(requests.length / 5).toBeGreaterThan(40);
    // About 220 requests: the first 429 also catches the few in flight (up to 7, 3 %), and on a
    // loaded machine arrivals jitter past the 5 % headroom (50 ms at 5/s) now and then.
    expect(requests.filter((r) => r.status === 429).length / requests.length).toBeLessThanOrEqual(0.1);
    expect(attributed(project)).toBe(200);
    expect((await project.plan()).changes).toEqual([]);
  }, 600_000);

  it('a deploy into an outage (503 to every request) fails once the budget is spent, naming every instance left undone; the next deploy converges', async () => {
    const scale = await scaleProject({ users: 40, shards: 2, env: { DOMO_IDENTITY_TIME_BUDGET: '4s' } });
    project = scale.project;
    project.emulator.addFault({ kind: 'status', status: 503, retryAfter: 1 });
    const result = await project.deploy();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/when the time budget \(DOMO_IDENTITY_TIME_BUDGET, 4 s of waiting on 429s and failures\) was spent/);
    for (const shard of ['shard "0"', 'shard "1"']) expect(result.output).toContain(shard);
    expect(result.output).toContain('the rest is done by the next deploy');
    expect(attributed(project)).toBe(0);

    project.emulator.clearFaults();
    const again = await project.deploy();
    expect(again.code).toBe(0);
    expect(attributed(project)).toBe(40);
    expect((await project.plan()).changes).toEqual([]);
  }, 600_000);
});
