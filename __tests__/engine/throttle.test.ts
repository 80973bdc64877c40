import { AdaptiveThrottle } from '../../src/domo/throttle';
import { fakeClock } from '../support/fake-clock';

/** Domo-like fixed window: `limit` requests per second, 429 with Retry-After (ms) or none beyond. */
function fixedWindow(limit: number, retryAfter: 'seconds' | 'none', clock: { now(): number }) {
  let start = -Infinity;
  let count = 0;
  return (): { status: number; retryAfterMs?: number } => {
    if (clock.now() - start >= 1000) {
      start = clock.now();
      count = 0;
    }
    if (count >= limit) return { status: 429, ...(retryAfter === 'seconds' ? { retryAfterMs: 1000 } : {}) };
    count++;
    return { status: 200 };
  };
}

/** Sends `total` requests one after another through the throttle (each takes `latencyMs`); retries 429s. */
async function run(limit: number, total: number, retryAfter: 'seconds' | 'none', latencyMs = 5) {
  const clock = fakeClock();
  const server = fixedWindow(limit, retryAfter, clock);
  const throttle = new AdaptiveThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0.5, maxInFlight: 1 });
  let ok = 0;
  let attempts = 0;
  while (ok < total) {
    const permit = await throttle.acquire();
    clock.advance(latencyMs);
    attempts++;
    const answer = server();
    permit.done(answer);
    if (answer.status === 200) ok++;
  }
  return { seconds: clock.now() / 1000, attempts, throttled: throttle.stats.throttled, stats: throttle.stats };
}

describe('the adaptive throttle', () => {
  it.each([
    [5, 300],
    [50, 2000],
  ])(
    'learns a limit of %d requests/s from 429s with Retry-After: under 5 %% answered 429, over 85 %% of the limit used',
    async (limit, total) => {
      const r = await run(limit, total, 'seconds');
      expect(r.throttled / r.attempts).toBeLessThan(0.05);
      expect(total / r.seconds / limit).toBeGreaterThan(0.85);
      expect(r.stats.learnedLimit).toBeGreaterThan(limit * 0.8);
      expect(r.stats.learnedLimit).toBeLessThanOrEqual(limit * 1.1);
    },
  );

  it('backs off without Retry-After and still converges under the limit', async () => {
    const r = await run(5, 300, 'none');
    expect(r.throttled / r.attempts).toBeLessThan(0.05);
    expect(300 / r.seconds / 5).toBeGreaterThan(0.8);
  });

  it('does not pace at all while Domo answers no 429', async () => {
    const r = await run(1_000_000, 500, 'seconds', 1);
    expect(r.stats.rate).toBeUndefined();
    expect(r.seconds).toBeCloseTo(0.5, 5);
  });

  it('pauses every request for a Retry-After, and caps requests in flight, opening the window one accepted request at a time', async () => {
    const clock = fakeClock();
    const throttle = new AdaptiveThrottle({ now: clock.now, sleep: clock.sleep, maxInFlight: 4, initialWindow: 2 });
    const a = await throttle.acquire();
    const b = await throttle.acquire();
    let third = false;
    const c = throttle.acquire().then((p) => ((third = true), p));
    await new Promise((r) => setImmediate(r));
    expect(third).toBe(false);
    a.done({ status: 200 });
    (await c).done({ status: 200 });
    expect(throttle.stats.inFlight).toBe(1);
    b.done({ status: 429, retryAfterMs: 7000 });
    const before = clock.now();
    (await throttle.acquire()).done({ status: 200 });
    expect(clock.now() - before).toBe(7000);
    expect(throttle.stats).toMatchObject({ throttled: 1, pausedMs: 7000 });
  });
});
