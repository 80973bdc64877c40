import { parseSeed, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { ScimClient, ScimTimeoutError, userNameFilter, type ScimClientOptions, type ScimResponseEvent } from '../../src/domo/scim';

const TOKEN = 'client-emulator-token';
/** a"b\c@acme.example: both characters a SCIM filter string must escape. */
const TRICKY = 'a"b\\c@acme.example';
/** What a filter with missing or doubled escapes would find instead. */
const LOOKALIKES = [
  'a\\"b\\\\c@acme.example',
  'a"b\\\\c@acme.example',
  'ab\\c@acme.example',
  'a"bc@acme.example',
  'A"B\\C@acme.example.org',
];
const EVERYONE = [TRICKY, ...LOOKALIKES, 'jane@acme.example'];

let em: RunningEmulator;
let events: ScimResponseEvent[];
const clients: ScimClient[] = [];

beforeEach(async () => {
  events = [];
  em = await startEmulator({
    token: TOKEN,
    seed: parseSeed({ users: EVERYONE.map((userName, i) => ({ id: String(1001 + i), userName })) }, 'client test seed'),
  });
});
afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  await em.close();
});

/** Retries without waiting: only the request timeout itself takes real (short) time. */
function client(overrides: Partial<ScimClientOptions> = {}): ScimClient {
  const c = new ScimClient({ baseUrl: em.scimUrl, token: TOKEN, sleep: async () => {}, onResponse: (e) => events.push(e), ...overrides });
  clients.push(c);
  return c;
}

const idOf = (userName: string) => String(1001 + EVERYONE.indexOf(userName));

describe('findUserByUserName against the local SCIM service', () => {
  test('a userName with " and \\ finds exactly that user, through a filter that matches only it', async () => {
    expect(await client().findUserByUserName(TRICKY)).toMatchObject({ id: idOf(TRICKY), userName: TRICKY });
    expect(em.requests.map((r) => r.query.filter)).toEqual(['userName eq "a\\"b\\\\c@acme.example"']);

    const listed: string[] = [];
    for await (const page of client().listUsers({ filter: userNameFilter(TRICKY) })) listed.push(...page.map((u) => u.userName));
    expect(listed).toEqual([TRICKY]);
  });

  test.each(LOOKALIKES)('the lookalike %s finds itself', async (userName) => {
    expect(await client().findUserByUserName(userName)).toMatchObject({ id: idOf(userName), userName });
  });

  test('a value that would widen an unescaped filter finds nobody', async () => {
    const injection = 'x" or userName pr or userName eq "';
    const listed = async (filter: string) => {
      const names: string[] = [];
      for await (const page of client().listUsers({ filter })) names.push(...page.map((u) => u.userName));
      return names;
    };
    // Unescaped, the value would end the string and list everyone: the service does parse such a filter.
    expect(await listed(`userName eq "${injection}"`)).toHaveLength(EVERYONE.length);
    expect(await listed(userNameFilter(injection))).toEqual([]);
    await expect(client().findUserByUserName(injection)).resolves.toBeUndefined();
  });
});

describe('per-request timeout against a slow local SCIM service', () => {
  // Far longer than the injected timeouts but shorter than the default 30 s one, so a client that
  // ignored requestTimeoutMs would get an answer and fail these tests. undici's headers timer ticks
  // about every 500 ms: a timed-out attempt costs up to a second of real time, never the delay.
  const SLOW = { kind: 'delay', ms: 20_000, times: 1 } as const;

  test('a GET that gets no answer in time is abandoned and retried', async () => {
    em.addFault({ ...SLOW, method: 'GET', pathPattern: '^/Users/1001$' });
    await expect(client({ requestTimeoutMs: 300 }).getUser('1001')).resolves.toMatchObject({ id: '1001', userName: TRICKY });
    expect(events.map((e) => [e.method, e.status, e.attempt])).toEqual([
      ['GET', undefined, 1],
      ['GET', 200, 2],
    ]);
    expect(em.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['GET /Users/1001', 'GET /Users/1001']);
  });

  test('a POST that gets no answer in time fails with a ScimTimeoutError and is not sent again', async () => {
    em.addFault({ ...SLOW, method: 'POST' });
    const error = await client({ requestTimeoutMs: 100 })
      .createUser({ userName: 'new@acme.example' })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    expect(error).toBeInstanceOf(ScimTimeoutError);
    expect((error as Error).message).toBe('SCIM POST /Users failed: UND_ERR_HEADERS_TIMEOUT Headers Timeout Error');
    expect(events.map((e) => [e.method, e.status, e.attempt])).toEqual([['POST', undefined, 1]]);
    expect(em.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /Users']);
  });
});
