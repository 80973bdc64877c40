import { errors as undiciErrors, MockAgent } from 'undici';
import {
  CORE_USER,
  ERROR,
  ScimClient,
  ScimError,
  ScimTimeoutError,
  type ScimClientOptions,
  type ScimResponseEvent,
} from '../../src/domo/scim';
import { fakeClock, type FakeClock } from '../support/fake-clock';

const ORIGIN = 'https://acme.domo.com';
const ROOT = '/api/identity/v1/scim';
const TOKEN = 'tok-Zq81-DISTINCTIVE-77xK';
const START = Date.parse('2030-01-01T00:00:00Z');

let agent: MockAgent;
let clock: FakeClock;
let events: ScimResponseEvent[];

beforeEach(() => {
  agent = new MockAgent();
  agent.disableNetConnect();
  clock = fakeClock(START);
  events = [];
});
afterEach(async () => {
  agent.assertNoPendingInterceptors();
  await agent.close();
});

/** A client on a fake clock: sleeping advances time instantly, so no test waits or depends on timing. */
function client(overrides: Partial<ScimClientOptions> = {}): ScimClient {
  return new ScimClient({
    baseUrl: ORIGIN + ROOT,
    token: TOKEN,
    dispatcher: agent,
    now: clock.now,
    sleep: clock.sleep,
    random: () => 0.5,
    onResponse: (e) => events.push(e),
    ...overrides,
  });
}

const pool = () => agent.get(ORIGIN);
const user = { schemas: [CORE_USER], id: '1', userName: 'a@x.com' };
const scimError = (status: number, scimType: string | undefined, detail: string) => ({
  schemas: [ERROR],
  status: String(status),
  scimType,
  detail,
});
const connectionError = (code: string, message = `connect ${code}`) => Object.assign(new Error(message), { code });

async function failure(promise: Promise<unknown>): Promise<ScimError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ScimError);
  return error as ScimError;
}

describe('retries', () => {
  test('429 with Retry-After seconds waits exactly that long, then succeeds', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(429, '', { headers: { 'retry-after': '7' } });
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, user);
    await expect(client().getUser('1')).resolves.toMatchObject({ id: '1' });
    expect(clock.sleeps).toEqual([7000]);
    expect(events.map((e) => [e.status, e.attempt])).toEqual([
      [429, 1],
      [200, 2],
    ]);
  });

  test('Retry-After as an HTTP-date', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(503, '', { headers: { 'retry-after': new Date(START + 12_000).toUTCString() } });
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, user);
    await client().getUser('1');
    expect(clock.sleeps).toEqual([12_000]);
  });

  test('503 twice, then success, with exponential backoff', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(503, 'busy')
      .times(2);
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, user);
    await client().getUser('1');
    // Full jitter with random() = 0.5: half of 200 ms, then half of 400 ms.
    expect(clock.sleeps).toEqual([100, 200]);
  });

  test('backoff is capped at maxDelayMs', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(500, '')
      .times(3);
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, user);
    await client({ random: () => 0.999, retry: { baseDelayMs: 1000, maxDelayMs: 1500 } }).getUser('1');
    expect(clock.sleeps).toEqual([999, 1498, 1498]);
  });

  test.each([
    ['socket closed', new undiciErrors.SocketError('other side closed')],
    ['ECONNRESET', connectionError('ECONNRESET', 'read ECONNRESET')],
    ['headers timeout', new undiciErrors.HeadersTimeoutError()],
  ])('%s, then success', async (_, error) => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .replyWithError(error);
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, user);
    await expect(client().getUser('1')).resolves.toMatchObject({ id: '1' });
    expect(events.map((e) => e.status)).toEqual([undefined, 200]);
  });

  test('gives up after maxAttempts with the last error', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(502, 'bad gateway')
      .times(3);
    const error = await failure(client({ retry: { maxAttempts: 3 } }).getUser('1'));
    expect(error.status).toBe(502);
    expect(error.message).toBe('SCIM GET /Users/1 failed with 502: bad gateway (gave up after 3 attempts)');
  });

  test('the total time cap stops retrying with a ScimTimeoutError carrying the last status', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(503, '', { headers: { 'retry-after': '6' } })
      .times(2);
    const error = await failure(client({ retry: { totalTimeMs: 10_000 } }).getUser('1'));
    expect(error).toBeInstanceOf(ScimTimeoutError);
    expect(error.status).toBe(503);
    expect(error.message).toMatch(
      /^SCIM GET \/Users\/1 failed with 503 \(gave up after 2 attempts in 6000 ms: waiting 6000 ms more would exceed the 10000 ms time cap\)$/,
    );
    expect(clock.sleeps).toEqual([6000]);
  });

  test('a Retry-After beyond the cap fails at once', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .reply(429, '', { headers: { 'retry-after': '3600' } });
    const error = await failure(client().createUser({ userName: 'a@x.com' }));
    expect(error).toBeInstanceOf(ScimTimeoutError);
    expect(clock.sleeps).toEqual([]);
  });
});

describe('what is not retried', () => {
  test('a permanent 400 is a ScimError with the SCIM fields, after one request', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1001`, method: 'PATCH' })
      .reply(400, scimError(400, 'invalidValue', 'Unknown custom attribute key: foo'));
    const error = await failure(client().patchUser('1001', [{ op: 'replace', path: 'x', value: ['y'] }]));
    expect(error).toMatchObject({
      status: 400,
      scimType: 'invalidValue',
      detail: 'Unknown custom attribute key: foo',
      method: 'PATCH',
      path: '/Users/1001',
    });
    expect(error.message).toBe('SCIM PATCH /Users/1001 failed with 400 invalidValue: Unknown custom attribute key: foo');
    expect(events).toHaveLength(1);
    expect(clock.sleeps).toEqual([]);
  });

  test('a non-JSON (HTML) error body gives a short, trimmed excerpt', async () => {
    const html = `<html><head><style>body{color:red}</style></head><body>\n  <h1>502 Bad Gateway</h1>\n  <p>nginx</p>${' padding'.repeat(100)}</body></html>`;
    pool()
      .intercept({ path: `${ROOT}/Users/1`, method: 'DELETE' })
      .reply(502, html);
    const error = await failure(client({ retry: { maxAttempts: 1 } }).deleteUser('1'));
    expect(error.status).toBe(502);
    expect(error.message).toMatch(/^SCIM DELETE \/Users\/1 failed with 502: 502 Bad Gateway nginx padding/);
    expect(error.detail!.length).toBeLessThanOrEqual(200);
    expect(error.message).not.toContain('<');
  });

  test('POST is not retried on 500 nor on a reset connection', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .reply(500, scimError(500, undefined, 'oops'));
    expect((await failure(client().createUser({ userName: 'a@x.com' }))).status).toBe(500);
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .replyWithError(connectionError('ECONNRESET'));
    await failure(client().createUser({ userName: 'a@x.com' }));
    expect(events).toHaveLength(2);
  });

  test('POST is retried on 429 and ECONNREFUSED, where nothing was processed', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .reply(429, '');
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .replyWithError(connectionError('ECONNREFUSED'));
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .reply(201, user);
    await expect(client().createUser({ userName: 'a@x.com' })).resolves.toMatchObject({ id: '1' });
    expect(events.map((e) => e.status)).toEqual([429, undefined, 201]);
  });

  test('PATCH with idempotent: false is not retried on 503', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1`, method: 'PATCH' })
      .reply(503, '');
    const error = await failure(client().request('PATCH', '/Users/1', { body: {}, idempotent: false }));
    expect(error.status).toBe(503);
  });

  test('a POST timeout is a ScimTimeoutError and not retried', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users`, method: 'POST' })
      .replyWithError(new undiciErrors.HeadersTimeoutError());
    const error = await failure(client().createUser({ userName: 'a@x.com' }));
    expect(error).toBeInstanceOf(ScimTimeoutError);
    expect(error.message).toBe('SCIM POST /Users failed: UND_ERR_HEADERS_TIMEOUT Headers Timeout Error');
  });

  test('a success body that fails validation is a readable ScimError, not retried', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, { id: '1', emails: 'not-a-list' });
    const error = await failure(client().getUser('1'));
    expect(error.status).toBe(200);
    expect(error.message).toContain('SCIM GET /Users/1 returned 200 with an unexpected body:');
    expect(error.message).toContain('userName');
    expect(error.message).toContain('emails');
    expect(events).toHaveLength(1);
  });

  test('a success body that is not JSON', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, '<html>login</html>');
    const error = await failure(client().getUser('1'));
    expect(error.message).toBe('SCIM GET /Users/1 returned 200 with a body that is not JSON: login');
  });
});

describe('the token never leaks', () => {
  function expectClean(error: ScimError): void {
    for (const text of [
      error.message,
      error.detail ?? '',
      String(error.stack),
      JSON.stringify(error),
      JSON.stringify(error.cause ?? null),
      String((error.cause as Error | undefined)?.stack),
    ]) {
      expect(text).not.toContain(TOKEN);
      expect(text).not.toContain(TOKEN.slice(0, 12));
    }
  }

  test.each(['bearer', 'developer-token'] as const)('not even when the server echoes it (%s)', async (authScheme) => {
    const detail = `Invalid token ${TOKEN} for header Authorization: Bearer ${TOKEN}`;
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(401, scimError(401, undefined, detail));
    const error = await failure(client({ authScheme }).getUser('1'));
    expectClean(error);
    expect(error.detail).toBe('Invalid token [REDACTED] for header Authorization: Bearer [REDACTED]');
  });

  test('not in a long plain-text body cut to an excerpt', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(403, `${'x'.repeat(190)} ${TOKEN} ${'y'.repeat(100)}`);
    expectClean(await failure(client().getUser('1')));
  });

  test('not in a connection error or its cause', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .replyWithError(connectionError('ECONNRESET', `reset while sending ${TOKEN}`));
    const error = await failure(client({ retry: { maxAttempts: 1 } }).getUser('1'));
    expectClean(error);
    expect(error.cause).toMatchObject({ code: 'ECONNRESET', message: 'reset while sending [REDACTED]' });
  });

  test('not in a validation error, nor in the metrics events', async () => {
    pool()
      .intercept({ path: `${ROOT}/Users/1` })
      .reply(200, { id: 1, userName: { echoed: TOKEN } });
    expectClean(await failure(client().getUser('1')));
    expect(JSON.stringify(events)).not.toContain(TOKEN);
  });
});
