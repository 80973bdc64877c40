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
