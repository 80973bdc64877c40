import { RunningEmulator } from '../src';
import { call, start, TOKEN } from './helpers';

/** A clock the tests move by hand. */
let clock = Date.UTC(2026, 0, 2, 3, 4, 5, 500);
let em: RunningEmulator;
beforeEach(async () => {
  clock = Date.UTC(2026, 0, 2, 3, 4, 5, 500);
  em = await start({ now: () => clock });
});
afterEach(() => em.close());

const get = () => call(em.scimUrl, 'GET', '/Users/1001');

describe('rate limit: Retry-After forms', () => {
  it('seconds (the default form): Retry-After is the number of seconds', async () => {
    em.setRateLimit({ requests: 1, perSeconds: 60, retryAfterSeconds: 7 });
    await get();
    expect((await get()).headers.get('retry-after')).toBe('7');
  });

  it('http-date: Retry-After is the time that many seconds ahead, rounded up to a whole second', async () => {
    em.setRateLimit({ requests: 1, perSeconds: 60, retryAfter: 'http-date', retryAfterSeconds: 7 });
    await get();
    const limited = await get();
    expect(limited.status).toBe(429);
    // 03:04:05.5 + 7 s = 03:04:12.5, announced as 03:04:13.
    expect(limited.headers.get('retry-after')).toBe('Fri, 02 Jan 2026 03:04:13 GMT');
  });

  it('http-date defaults to one second ahead', async () => {
    em.setRateLimit({ requests: 1, perSeconds: 60, retryAfter: 'http-date' });
    await get();
    expect((await get()).headers.get('retry-after')).toBe('Fri, 02 Jan 2026 03:04:07 GMT');
  });

  it('none: a 429 without any Retry-After header, still with an error body', async () => {
    em.setRateLimit({ requests: 1, perSeconds: 60, retryAfter: 'none' });
    await get();
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.has('retry-after')).toBe(false);
    expect(limited.json).toMatchObject({ status: '429' });
  });

  it('a new window (by the injected clock) lets requests through again', async () => {
    em.setRateLimit({ requests: 2, perSeconds: 10 });
    expect([(await get()).status, (await get()).status, (await get()).status]).toEqual([200, 200, 429]);
    clock += 9_999;
    expect((await get()).status).toBe(429);
    clock += 1;
    expect([(await get()).status, (await get()).status, (await get()).status]).toEqual([200, 200, 429]);
  });

  it('PUT /_emulator/rate-limit takes the same fields', async () => {
    const admin = await call(em.url, 'PUT', '/_emulator/rate-limit', {
      body: { requests: 1, perSeconds: 60, retryAfter: 'none' },
      headers: { 'content-type': 'application/json' },
    });
    expect(admin.status).toBe(204);
    await get();
    expect((await get()).headers.has('retry-after')).toBe(false);
    const bad = await call(em.url, 'PUT', '/_emulator/rate-limit', { body: { requests: 1, perSeconds: 60, retryAfter: 'soon' } });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/retryAfter/);
  });
});

describe('rate limit: a sliding window', () => {
  const statuses = async (n: number) => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) out.push((await get()).status);
    return out;
  };

  it('counts the accepted requests of the last perSeconds at every request, not per window', async () => {
    em.setRateLimit({ requests: 3, perSeconds: 10, window: 'sliding' });
    expect(await statuses(1)).toEqual([200]);
    clock += 4_000;
    expect(await statuses(3)).toEqual([200, 200, 429]);
    // A fixed window would open a new one here (10 s after the first request); the two of 4 s later still count.
    clock += 6_000;
    expect(await statuses(2)).toEqual([200, 429]);
    clock += 4_000;
    expect(await statuses(3)).toEqual([200, 200, 429]);
  });

  it('announces the wait until its oldest request leaves the window, in whole seconds, at least one', async () => {
    em.setRateLimit({ requests: 2, perSeconds: 10, window: 'sliding' });
    await statuses(1);
    clock += 2_500;
    await statuses(1);
    const limited = await get();
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('8');
    clock += 7_000;
    expect((await get()).headers.get('retry-after')).toBe('1');
    clock += 500;
    expect((await get()).status).toBe(200);
  });

  it('PUT /_emulator/rate-limit selects it; an unknown window is refused', async () => {
    const put = (body: unknown) => call(em.url, 'PUT', '/_emulator/rate-limit', { body, headers: { 'content-type': 'application/json' } });
    expect((await put({ requests: 1, perSeconds: 60, window: 'sliding' })).status).toBe(204);
    expect(await statuses(2)).toEqual([200, 429]);
    const bad = await put({ requests: 1, perSeconds: 60, window: 'rolling' });
    expect(bad.status).toBe(400);
    expect(bad.json.detail).toMatch(/window/);
  });
});

describe('request log', () => {
  it('records every request with its status, 401s and 429s included, so the share of 429s can be computed', async () => {
    em.setRateLimit({ requests: 4, perSeconds: 60 });
    for (let i = 0; i < 10; i++) await get();
    await call(em.scimUrl, 'GET', '/Users/1001', { auth: false });
    const statuses = em.requests.map((r) => r.status);
    expect(statuses).toEqual([200, 200, 200, 200, 429, 429, 429, 429, 429, 429, 401]);
    expect(statuses.filter((s) => s === 429).length / statuses.length).toBeCloseTo(6 / 11);
    expect(em.requests[4]).toEqual({ method: 'GET', path: '/Users/1001', query: {}, status: 429 });
    expect(JSON.stringify(em.requests)).not.toContain(TOKEN);
  });
});
