import { parseRetryAfter } from '../../src/domo/retry';
import { AdaptiveThrottle, HEADROOM } from '../../src/domo/throttle';
import { fakeClock, type FakeClock } from '../support/fake-clock';

type RetryAfter = 'seconds' | 'http-date' | 'none';
type Answer = { status: number; retryAfterMs?: number };

/** The limit a simulated Domo applies at a moment: requests per second (0 refuses everything). */
type LimitAt = (ms: number) => number;

/** How a 429 says when to come back, read the way the transport reads it. */
function retryAfterOf(form: RetryAfter, clock: FakeClock): Answer {
  if (form === 'none') return { status: 429 };
  const header = form === 'seconds' ? '1' : new Date(Math.ceil((clock.now() + 1000) / 1000) * 1000).toUTCString();
  return { status: 429, retryAfterMs: parseRetryAfter(header, clock.now()) };
}

/** Domo-like fixed window: a window opens at the first request after the last one ended and accepts `limit` requests. */
function fixedWindow(limitAt: LimitAt, form: RetryAfter, clock: FakeClock) {
  let start = -Infinity;
  let count = 0;
  return (): Answer => {
    if (clock.now() - start >= 1000) {
      start = clock.now();
      count = 0;
    }
    if (count >= limitAt(clock.now())) return retryAfterOf(form, clock);
    count++;
    return { status: 200 };
  };
}

/** Sliding window: at most `limit` accepted requests in any second. */
function slidingWindow(limitAt: LimitAt, form: RetryAfter, clock: FakeClock) {
  const accepted: number[] = [];
  return (): Answer => {
    while (accepted.length > 0 && accepted[0]! <= clock.now() - 1000) accepted.shift();
    if (accepted.length >= limitAt(clock.now())) return retryAfterOf(form, clock);
    accepted.push(clock.now());
    return { status: 200 };
  };
}

type Window = typeof fixedWindow;

/** Sends requests one after another through the throttle for `seconds` of simulated time (each takes `latencyMs`); retries 429s. */
async function run(options: {
  window: Window;
  limitAt: LimitAt;
  form: RetryAfter;
  seconds: number;
  latencyMs?: number | ((ms: number) => number);
}) {
  const clock = fakeClock();
  const server = options.window(options.limitAt, options.form, clock);
  const throttle = new AdaptiveThrottle({ now: clock.now, sleep: clock.sleep, random: () => 0.5, maxInFlight: 1 });
  const log: Array<{ at: number; status: number }> = [];
  while (clock.now() < options.seconds * 1000) {
    const permit = await throttle.acquire();
    const at = clock.now();
    const latency = options.latencyMs ?? 5;
    clock.advance(typeof latency === 'number' ? latency : latency(at));
    const answer = server();
    permit.done(answer);
    log.push({ at, status: answer.status });
  }
  /** Accepted requests per second in [fromS, toS). */
  const acceptedRate = (fromS: number, toS: number) =>
    log.filter((r) => r.status === 200 && r.at >= fromS * 1000 && r.at < toS * 1000).length / (toS - fromS);
  const throttled = (fromS = 0, toS = Infinity) => log.filter((r) => r.status === 429 && r.at >= fromS * 1000 && r.at < toS * 1000).length;
  return { log, acceptedRate, throttled, stats: throttle.stats };
}

const steady = (limit: number) => () => limit;

describe('the throttle: a steady pace just under the limit it learned', () => {
  it.each([
    ['fixed', 50, 'seconds', fixedWindow],
    ['sliding', 50, 'seconds', slidingWindow],
    ['fixed', 5, 'http-date', fixedWindow],
    ['sliding', 5, 'http-date', slidingWindow],
  ] as const)(
    'under a %s window of %d requests/s (Retry-After as %s): over 92 %% of the limit used, at most 1 %% answered 429',
    async (_name, limit, form, window) => {
      const r = await run({ window, limitAt: steady(limit), form, seconds: 120 });
      expect(r.throttled() / r.log.length).toBeLessThanOrEqual(0.01);
      expect(r.acceptedRate(0, 120) / limit).toBeGreaterThanOrEqual(0.92);
      expect(r.stats.learnedLimit).toBeGreaterThanOrEqual(limit * 0.9);
      expect(r.stats.learnedLimit).toBeLessThanOrEqual(limit * 1.1);
    },
  );

  it('holds the pace once learned: no 429 after the first burst, requests evenly spaced at 95 % of the limit', async () => {
    const r = await run({ window: slidingWindow, limitAt: steady(40), form: 'seconds', seconds: 60 });
    const last429 = Math.max(...r.log.filter((x) => x.status === 429).map((x) => x.at));
    expect(last429).toBeLessThan(5000);
    const late = r.log.filter((x) => x.at > 10_000).map((x) => x.at);
    const gaps = late.slice(1).map((t, i) => t - late[i]!);
    const interval = 1000 / (HEADROOM * r.stats.learnedLimit!);
    for (const gap of gaps) expect(gap).toBeCloseTo(interval, 6);
  });

  it('learns the whole limit when the first requests came slowly (handlers still starting): it measures the last second only', async () => {
    const r = await run({
      window: slidingWindow,
      limitAt: steady(20),
      form: 'seconds',
      seconds: 60,
      latencyMs: (ms) => (ms < 1500 ? 200 : 5),
    });
    expect(r.stats.learnedLimit).toBeGreaterThanOrEqual(19);
    expect(r.acceptedRate(10, 60) / 20).toBeGreaterThanOrEqual(0.93);
  });

  it("when the requests' timing jitters past a fixed window, a 429 steps the pace down for a while: 429s stay rare", async () => {
    // Arrivals late by 0 to 150 ms, drawn from a fixed seed: the 5 % headroom alone is 10 ms at 5 requests/s.
    let seed = 7;
    const jitter = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), (seed / 2 ** 31) * 150);
    const r = await run({ window: fixedWindow, limitAt: steady(5), form: 'seconds', seconds: 300, latencyMs: () => 5 + jitter() });
    expect(r.throttled() / r.log.length).toBeLessThanOrEqual(0.01);
    expect(r.acceptedRate(0, 300) / 5).toBeGreaterThanOrEqual(0.85);
  });

  it('backs off without Retry-After and still converges under the limit', async () => {
    const r = await run({ window: fixedWindow, limitAt: steady(5), form: 'none', seconds: 120 });
    expect(r.throttled() / r.log.length).toBeLessThan(0.02);
    expect(r.acceptedRate(0, 120) / 5).toBeGreaterThan(0.9);
  });

  it('does not pace at all while Domo answers no 429', async () => {
    const r = await run({ window: fixedWindow, limitAt: steady(1_000_000), form: 'seconds', seconds: 0.5, latencyMs: 1 });
    expect(r.stats.rate).toBeUndefined();
    expect(r.log).toHaveLength(500);
  });

  it('recovers the full pace within 15 s after a burst of 429s (another client took the quota for 4 s)', async () => {
    const limitAt = (ms: number) => (ms >= 30_000 && ms < 34_000 ? 0 : 50);
    const r = await run({ window: slidingWindow, limitAt, form: 'seconds', seconds: 80 });
    expect(r.acceptedRate(10, 30) / 50).toBeGreaterThanOrEqual(0.93);
    // Refused while the quota was gone; the pause between 429s is the Retry-After, not a growing backoff.
    expect(r.throttled(30, 35)).toBeLessThanOrEqual(6);
    expect(r.acceptedRate(50, 80) / 50).toBeGreaterThanOrEqual(0.93);
    expect(r.throttled(36, 80)).toBe(0);
  });

  it('when the limit drops for good, settles under the new one with a bounded number of 429s', async () => {
    const limitAt = (ms: number) => (ms < 20_000 ? 50 : 20);
    const r = await run({ window: fixedWindow, limitAt, form: 'seconds', seconds: 120 });
    expect(r.throttled(20, 120)).toBeLessThanOrEqual(6);
    expect(r.throttled(60, 120)).toBe(0);
    expect(r.acceptedRate(60, 120) / 20).toBeGreaterThanOrEqual(0.9);
  });

  it('pauses new requests for a Retry-After, then resumes at the pace; caps requests in flight, opening the window one accepted request at a time', async () => {
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
    const pace = throttle.stats.rate!;
    const next = clock.now();
    (await throttle.acquire()).done({ status: 200 });
    expect(clock.now() - next).toBeCloseTo(1000 / pace, 6);
  });
});
