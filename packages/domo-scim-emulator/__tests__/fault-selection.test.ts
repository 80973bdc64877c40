import { CUSTOM_USER, DOMO_USER, ENTERPRISE_USER } from '../src/contract';
import { Fault, FaultSet, RunningEmulator } from '../src';
import { call, newGroup, newUser, patchBody, start } from './helpers';

/** Which of `n` requests to `path` a fault set affects, by the set alone (no HTTP). */
function affected(fault: Fault, n: number, method = 'GET', path = '/Users'): number[] {
  const set = new FaultSet();
  set.add(fault);
  return Array.from({ length: n }, (_, i) => i + 1).filter(() => set.take(method, path) !== undefined);
}

describe('choosing which requests a fault affects', () => {
  it('everyNth: the Nth, 2Nth, ... matching request', () => {
    expect(affected({ kind: 'drop', everyNth: 3 }, 10)).toEqual([3, 6, 9]);
    expect(affected({ kind: 'drop', everyNth: 3, times: 2 }, 10)).toEqual([3, 6]);
  });

  it('probability: seeded draws, the same requests for the same seed, about the given share', () => {
    const a = affected({ kind: 'drop', probability: 0.25, seed: 42 }, 1000);
    expect(affected({ kind: 'drop', probability: 0.25, seed: 42 }, 1000)).toEqual(a);
    expect(affected({ kind: 'drop', probability: 0.25, seed: 43 }, 1000)).not.toEqual(a);
    expect(a.length).toBeGreaterThan(200);
    expect(a.length).toBeLessThan(300);
    expect(affected({ kind: 'drop', probability: 0.25 }, 1000)).toEqual(affected({ kind: 'drop', probability: 0.25, seed: 1 }, 1000));
    expect(affected({ kind: 'drop', probability: 0 }, 100)).toEqual([]);
    expect(affected({ kind: 'drop', probability: 1, times: 4 }, 100)).toEqual([1, 2, 3, 4]);
  });

  it('only requests matching method and path count', () => {
    const set = new FaultSet();
    set.add({ kind: 'status', status: 503, method: 'post', pathPattern: '^/Users$', everyNth: 2 });
    const seen = [
      ['POST', '/Users'],
      ['GET', '/Users'],
      ['POST', '/Groups'],
      ['POST', '/Users'],
    ].map(([m, p]) => set.take(m!, p!)?.kind);
    expect(seen).toEqual([undefined, undefined, undefined, 'status']);
  });

  it('each fault keeps its own count; the first added of those that fire applies', () => {
    const set = new FaultSet();
    set.add({ kind: 'delay', ms: 10, everyNth: 2 });
    set.add({ kind: 'drop', everyNth: 3 });
    expect(Array.from({ length: 6 }, () => set.take('GET', '/Users')?.kind)).toEqual([
      undefined,
      'delay',
      'drop',
      'delay',
      undefined,
      'delay',
    ]);
  });

  it.each([
    [{ kind: 'drop', probability: 0.5, everyNth: 2 }, /choose either .*probability.* or .*everyNth/],
    [{ kind: 'drop', seed: 3 }, /seed.* only seeds .*probability.* draws/],
    [{ kind: 'drop', probability: 1.5 }, /probability/],
    [{ kind: 'drop', everyNth: 0 }, /everyNth/],
    [{ kind: 'post-keeps-only', method: 'PATCH' }, /method/],
  ])('refuses %j', (fault, message) => {
    expect(() => new FaultSet().add(fault as Fault)).toThrow(message);
  });
});

describe('faults of a deploy, over HTTP', () => {
  let em: RunningEmulator;
  const sleeps: number[] = [];
  let release: (() => void) | undefined;
  /** A sleep that waits until the test releases it: no real time passes. */
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      sleeps.push(ms);
      release = resolve;
    });
  beforeEach(async () => {
    sleeps.length = 0;
    em = await start({ sleep });
  });
  afterEach(() => em.close());

  const post = (userName: string) => call(em.scimUrl, 'POST', '/Users', { body: newUser(userName) });

  it('503 before the create: POST /Users answers 503 and no user is created', async () => {
    em.addFault({ kind: 'status', status: 503, method: 'POST', pathPattern: '^/Users$', times: 1 });
    expect((await post('a@acme.example')).status).toBe(503);
    expect(em.store.findUserByUserName('a@acme.example')).toBeUndefined();
    expect((await post('a@acme.example')).status).toBe(201);
  });

  it('503 after the create: the user exists although POST /Users answered 503', async () => {
    em.addFault({ kind: 'error-after-apply', status: 503, method: 'POST', pathPattern: '^/Users$', times: 1 });
    expect((await post('a@acme.example')).status).toBe(503);
    expect(em.store.findUserByUserName('a@acme.example')).toBeDefined();
    expect((await post('a@acme.example')).status).toBe(409);
    expect(em.requests.map((r) => [r.status, r.fault])).toEqual([
      [503, 'error-after-apply'],
      [409, undefined],
    ]);
  });

  it('drop on a seeded share of requests: dropped requests are recorded with status 0 and the fault', async () => {
    const fault: Fault = { kind: 'drop', pathPattern: '^/Users/', probability: 0.3, seed: 7 };
    const expected = affected(fault, 30, 'GET', '/Users/1001');
    em.addFault(fault);
    const dropped: number[] = [];
    for (let i = 1; i <= 30; i++) {
      await call(em.scimUrl, 'GET', '/Users/1001').catch(() => dropped.push(i));
    }
    expect(dropped).toEqual(expected);
    expect(dropped.length).toBeGreaterThan(0);
    expect(em.requests.filter((r) => r.status === 0).length).toBe(dropped.length);
    expect(em.requests.filter((r) => r.fault === 'drop').length).toBe(dropped.length);
  });

  it('a delay on one route: POST /Users waits (on the injected sleep), other routes do not', async () => {
    em.addFault({ kind: 'delay', ms: 4000, method: 'POST', pathPattern: '^/Users$' });
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
    expect(sleeps).toEqual([]);
    const pending = post('slow@acme.example');
    while (sleeps.length === 0) await new Promise((r) => setImmediate(r));
    expect(sleeps).toEqual([4000]);
    expect(em.store.findUserByUserName('slow@acme.example')).toBeUndefined();
    expect(em.requests.at(-1)).toMatchObject({ method: 'POST', status: 0, fault: 'delay' });
    release!();
    expect((await pending).status).toBe(201);
    expect(em.requests.at(-1)).toMatchObject({ method: 'POST', status: 201, fault: 'delay' });
  });
});

describe('post-keeps-only', () => {
  let em: RunningEmulator;
  beforeEach(async () => {
    em = await start();
  });
  afterEach(() => em.close());

  const full = newUser('kept@acme.example', {
    displayName: 'Kept Person',
    title: 'Cook',
    locale: 'en-US',
    timezone: 'America/Chicago',
    roles: [{ value: '3' }],
    emails: [
      { value: 'kept@acme.example', type: 'work', primary: true },
      { value: 'kept@home.example', type: 'alternate' },
    ],
    phoneNumbers: [{ value: '+1 555 0100', type: 'mobile' }],
    [ENTERPRISE_USER]: { department: 'Kitchen', employeeNumber: 'E7', organization: 'Acme', manager: { value: '1001' } },
    [DOMO_USER]: { hireDate: '2024-03-04', employeeLocation: 'Austin' },
    [CUSTOM_USER]: { customAttributes: [{ key: 'storeNumber', values: ['7'] }] },
  });

  it('POST /Users keeps only userName, displayName, role and custom attributes; a later PATCH sets the rest', async () => {
    em.addFault({ kind: 'post-keeps-only' });
    const res = await call(em.scimUrl, 'POST', '/Users', { body: full });
    expect(res.status).toBe(201);
    const id = res.json.id as string;
    expect(em.store.getUser(id)).toEqual({
      id,
      userName: 'kept@acme.example',
      displayName: 'Kept Person',
      roleId: 3,
      customAttributes: { storeNumber: ['7'] },
      ownsDatasets: false,
    });
    expect(res.json).not.toHaveProperty('title');
    expect(res.json).not.toHaveProperty(ENTERPRISE_USER);
    expect(em.requests[0]!.fault).toBe('post-keeps-only');

    const patched = await call(em.scimUrl, 'PATCH', `/Users/${id}`, {
      body: patchBody(
        { op: 'replace', path: 'title', value: 'Cook' },
        { op: 'replace', path: `${ENTERPRISE_USER}:department`, value: 'Kitchen' },
        { op: 'replace', path: 'phoneNumbers', value: [{ value: '+1 555 0100', type: 'mobile' }] },
      ),
    });
    expect(patched.status).toBe(200);
    expect(em.store.getUser(id)).toMatchObject({ title: 'Cook', department: 'Kitchen', mobilePhone: '+1 555 0100' });
    expect(em.requests[1]!.fault).toBeUndefined();
  });

  it('still validates what it drops, and affects only POST /Users', async () => {
    em.addFault({ kind: 'post-keeps-only' });
    const bad = await call(em.scimUrl, 'POST', '/Users', { body: newUser('bad@acme.example', { [DOMO_USER]: { hireDate: 'soon' } }) });
    expect(bad.status).toBe(400);
    expect((await call(em.scimUrl, 'POST', '/Groups', { body: newGroup('Crew') })).status).toBe(201);
    expect((await call(em.scimUrl, 'PUT', '/Users/1002', { body: newUser('John.Smith@acme.example', { title: 'Chef' }) })).status).toBe(
      200,
    );
    expect(em.store.getUser('1002')!.title).toBe('Chef');
    expect(em.requests.map((r) => r.fault)).toEqual(['post-keeps-only', undefined, undefined]);
  });

  it('times limits it like any fault; without the fault POST keeps everything', async () => {
    em.addFault({ kind: 'post-keeps-only', times: 1 });
    await call(em.scimUrl, 'POST', '/Users', { body: newUser('first@acme.example', { title: 'T' }) });
    await call(em.scimUrl, 'POST', '/Users', { body: newUser('second@acme.example', { title: 'T' }) });
    expect(em.store.findUserByUserName('first@acme.example')!.title).toBeUndefined();
    expect(em.store.findUserByUserName('second@acme.example')!.title).toBe('T');
  });
});

describe('ignores-start-index', () => {
  let em: RunningEmulator;
  beforeEach(async () => {
    em = await start();
  });
  afterEach(() => em.close());

  it('a user listing answers its first page whatever startIndex asks, without totalResults; other requests are untouched', async () => {
    const first = await call(em.scimUrl, 'GET', '/Users?startIndex=1&count=2');
    em.addFault({ kind: 'ignores-start-index', method: 'GET', pathPattern: '^/Users$' });
    const second = await call(em.scimUrl, 'GET', '/Users?startIndex=3&count=2');
    expect(second.status).toBe(200);
    expect(second.json.Resources).toEqual(first.json.Resources);
    expect(second.json).not.toHaveProperty('totalResults');
    expect(first.json.totalResults).toBeGreaterThan(2);
    expect((await call(em.scimUrl, 'GET', '/Users/1002')).status).toBe(200);
    expect(em.requests.map((r) => r.fault)).toEqual([undefined, 'ignores-start-index', undefined]);
  });
});
