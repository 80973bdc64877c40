import { ERROR } from '../src/contract';
import { RunningEmulator } from '../src';
import { call, patchBody, start, TOKEN } from './helpers';

let em: RunningEmulator;
beforeEach(async () => {
  em = await start();
});
afterEach(() => em.close());

describe('rate limit', () => {
  it('answers 429 with Retry-After and a SCIM error above the limit', async () => {
    em.setRateLimit({ requests: 2, perSeconds: 3600, retryAfterSeconds: 7 });
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
    const limited = await call(em.scimUrl, 'GET', '/Users/1001');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('7');
    expect(limited.json).toMatchObject({ schemas: [ERROR], status: '429' });
    expect(em.requests.map((r) => r.status)).toEqual([200, 200, 429]);
  });

  it('defaults Retry-After to 1 and can be turned off', async () => {
    const limited = await start({ rateLimit: { requests: 1, perSeconds: 3600 } });
    try {
      await call(limited.scimUrl, 'GET', '/Users');
      expect((await call(limited.scimUrl, 'GET', '/Users')).headers.get('retry-after')).toBe('1');
      limited.setRateLimit(undefined);
      expect((await call(limited.scimUrl, 'GET', '/Users')).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('does not count admin requests', async () => {
    em.setRateLimit({ requests: 1, perSeconds: 3600 });
    await call(em.url, 'GET', '/_emulator/state');
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(200);
  });
});

describe('faults', () => {
  it('status: answers with the status and raw body for the given number of matching requests', async () => {
    em.addFault({
      kind: 'status',
      method: 'get',
      pathPattern: '^/Users/1001$',
      times: 2,
      status: 502,
      body: '<html>Bad gateway</html>',
      retryAfter: 3,
    });
    const other = await call(em.scimUrl, 'GET', '/Users/1002');
    expect(other.status).toBe(200);
    for (let i = 0; i < 2; i++) {
      const res = await call(em.scimUrl, 'GET', '/Users/1001');
      expect(res.status).toBe(502);
      expect(res.text).toBe('<html>Bad gateway</html>');
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expect(res.headers.get('retry-after')).toBe('3');
    }
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
    expect(em.requests.map((r) => [r.path, r.status])).toEqual([
      ['/Users/1002', 200],
      ['/Users/1001', 502],
      ['/Users/1001', 502],
      ['/Users/1001', 200],
    ]);
  });

  it('status: defaults to a SCIM error body, and the request has no effect', async () => {
    em.addFault({ kind: 'status', method: 'DELETE', times: 1, status: 503 });
    const res = await call(em.scimUrl, 'DELETE', '/Users/1002');
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '503' });
    expect(em.store.getUser('1002')).toBeDefined();
  });

  it('delay: the response still arrives', async () => {
    em.addFault({ kind: 'delay', times: 1, ms: 50 });
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
  });

  it('drop: the socket closes without an answer, and the request is recorded', async () => {
    em.addFault({ kind: 'drop', times: 1, pathPattern: '^/Users' });
    await expect(call(em.scimUrl, 'GET', '/Users')).rejects.toThrow();
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(200);
    expect(em.requests.map((r) => r.status)).toEqual([0, 200]);
  });

  it('error-after-apply: the change takes effect but the answer is an error', async () => {
    em.addFault({ kind: 'error-after-apply', method: 'PATCH', times: 1, status: 500 });
    const res = await call(em.scimUrl, 'PATCH', '/Users/1002', { body: patchBody({ op: 'replace', path: 'title', value: 'Chef' }) });
    expect(res.status).toBe(500);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '500' });
    expect(em.store.getUser('1002')!.title).toBe('Chef');
    expect(em.requests[0]).toMatchObject({
      method: 'PATCH',
      path: '/Users/1002',
      status: 500,
      body: patchBody({ op: 'replace', path: 'title', value: 'Chef' }),
    });
  });

  it('accepted-not-applied: answers 204 but changes nothing, then the next request applies', async () => {
    em.addFault({ kind: 'accepted-not-applied', method: 'PATCH', pathPattern: '^/Users/1002$', times: 1 });
    const ignored = await call(em.scimUrl, 'PATCH', '/Users/1002', { body: patchBody({ op: 'replace', path: 'title', value: 'Chef' }) });
    expect(ignored.status).toBe(204);
    expect(ignored.text).toBe('');
    expect(em.store.getUser('1002')!.title).toBe('Cook');
    expect(
      (await call(em.scimUrl, 'PATCH', '/Users/1002', { body: patchBody({ op: 'replace', path: 'title', value: 'Chef' }) })).status,
    ).toBe(200);
    expect(em.store.getUser('1002')!.title).toBe('Chef');
    expect(em.requests.map((r) => r.status)).toEqual([204, 200]);
  });

  it('echo-credentials: the error detail repeats the credentials sent, the request log does not', async () => {
    em.addFault({ kind: 'echo-credentials', method: 'PATCH', times: 2, status: 400 });
    const body = patchBody({ op: 'replace', path: 'title', value: 'Chef' });
    const bearer = await call(em.scimUrl, 'PATCH', '/Users/1002', { body });
    expect([bearer.status, bearer.json]).toEqual([
      400,
      { schemas: [ERROR], status: '400', detail: `Rejected credentials: Bearer ${TOKEN}` },
    ]);
    const developer = await call(em.scimUrl, 'PATCH', '/Users/1002', { body, auth: false, headers: { 'x-domo-developer-token': TOKEN } });
    expect(developer.json).toMatchObject({ detail: `Rejected credentials: X-Domo-Developer-Token ${TOKEN}` });
    expect(em.store.getUser('1002')!.title).not.toBe('Chef');
    expect(em.requests.map((r) => [r.method, r.status])).toEqual([
      ['PATCH', 400],
      ['PATCH', 400],
    ]);
    expect(JSON.stringify(em.requests)).not.toContain(TOKEN);
  });

  it('clearFaults removes pending faults', async () => {
    em.addFault({ kind: 'status', times: 5, status: 500 });
    em.clearFaults();
    expect((await call(em.scimUrl, 'GET', '/Users')).status).toBe(200);
  });

  it('rejects an invalid fault', () => {
    expect(() => em.addFault({ kind: 'status', times: 1, status: 500, pathPattern: '(' })).toThrow(/regular expression/);
  });
});
