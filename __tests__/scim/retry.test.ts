import {
  backoffDelay,
  DEFAULT_RETRY_POLICY,
  isIdempotent,
  isRetryable,
  parseRetryAfter,
  resolveRetryPolicy,
  ScimError,
} from '../../src/domo/scim';

const NOW = Date.parse('2030-01-01T00:00:00Z');

test('parseRetryAfter reads seconds and HTTP-dates, never negative', () => {
  expect(parseRetryAfter('7', NOW)).toBe(7000);
  expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  expect(parseRetryAfter(['2', '9'], NOW)).toBe(2000);
  expect(parseRetryAfter(new Date(NOW + 5000).toUTCString(), NOW)).toBe(5000);
  expect(parseRetryAfter(new Date(NOW - 5000).toUTCString(), NOW)).toBe(0);
  expect(parseRetryAfter('-5', NOW)).toBeUndefined();
  expect(parseRetryAfter('soon', NOW)).toBeUndefined();
  expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
});

test('backoffDelay doubles its ceiling and caps it', () => {
  const policy = DEFAULT_RETRY_POLICY;
  expect([1, 2, 3, 20].map((n) => backoffDelay(n, policy, () => 0.5))).toEqual([100, 200, 400, 10_000]);
  expect(backoffDelay(1, policy, () => 0)).toBe(0);
});

test('idempotency defaults', () => {
  expect(['GET', 'PUT', 'DELETE', 'PATCH', 'patch'].map((m) => isIdempotent(m))).toEqual([true, true, true, true, true]);
  expect(isIdempotent('POST')).toBe(false);
  expect(isIdempotent('PATCH', false)).toBe(false);
});

test('isRetryable by status and connection error code', () => {
  const http = (status: number) => new ScimError({ method: 'GET', path: '/Users', status });
  const conn = (code: string) => new ScimError({ method: 'GET', path: '/Users', cause: Object.assign(new Error(code), { code }) });
  expect([429, 500, 502, 503, 504, 400, 401, 404, 409].map((s) => isRetryable(http(s), true))).toEqual([
    true,
    true,
    true,
    true,
    true,
    false,
    false,
    false,
    false,
  ]);
  expect([429, 500, 503].map((s) => isRetryable(http(s), false))).toEqual([true, false, false]);
  expect(isRetryable(conn('ECONNRESET'), true)).toBe(true);
  expect(isRetryable(conn('ECONNRESET'), false)).toBe(false);
  expect(isRetryable(conn('ECONNREFUSED'), false)).toBe(true);
  expect(isRetryable(conn('ENOTFOUND'), true)).toBe(false);
});

test('resolveRetryPolicy merges defaults and rejects nonsense', () => {
  expect(resolveRetryPolicy({ maxAttempts: 3 })).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 3 });
  expect(() => resolveRetryPolicy({ totalTimeMs: -1 })).toThrow('retry.totalTimeMs must be a finite number >= 0, got -1');
  expect(() => resolveRetryPolicy({ maxAttempts: 1.5 })).toThrow('retry.maxAttempts must be an integer >= 1, got 1.5');
});
