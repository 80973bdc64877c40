import {
  CORE_GROUP,
  CORE_USER,
  CUSTOM_USER,
  DOMO_GROUP,
  DOMO_USER,
  ENTERPRISE_USER,
  ERROR,
  LIST_RESPONSE,
  SCIM_ROOT_PATH,
} from '../src/contract';
import { RunningEmulator, startEmulator } from '../src';
import { call, start, TOKEN } from './helpers';

let em: RunningEmulator;
beforeAll(async () => {
  em = await start();
});
afterAll(() => em.close());

describe('auth', () => {
  it('accepts Authorization: Bearer', async () => {
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
  });

  it('accepts X-Domo-Developer-Token', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users/1001', { auth: false, headers: { 'X-Domo-Developer-Token': TOKEN } });
    expect(res.status).toBe(200);
  });

  it.each([
    ['no header', {}],
    ['a wrong bearer token', { authorization: 'Bearer nope' }],
    ['a wrong developer token', { 'x-domo-developer-token': 'nope' }],
    ['the token without the Bearer scheme', { authorization: TOKEN }],
  ])('answers 401 with a SCIM error for %s, without echoing the token', async (_name, headers) => {
    const res = await call(em.scimUrl, 'GET', '/Users', { auth: false, headers });
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ schemas: [ERROR], status: '401' });
    expect(res.text).not.toContain(TOKEN);
    expect(res.text).not.toContain('nope');
  });

  it('protects the admin API too', async () => {
    expect((await call(em.url, 'GET', '/_emulator/state', { auth: false })).status).toBe(401);
  });

  it('records SCIM requests without the token', async () => {
    em.resetRequests();
    await call(em.scimUrl, 'GET', '/Users', { query: { count: '1' } });
    expect(em.requests).toEqual([{ method: 'GET', path: '/Users', query: { count: '1' }, status: 200 }]);
    expect(JSON.stringify(em.requests)).not.toContain(TOKEN);
  });

  it('refuses to start without a token', async () => {
    await expect(startEmulator({ token: '' })).rejects.toThrow('"token" is required');
  });
});

describe('discovery', () => {
  it('serves ServiceProviderConfig with patch, filter and maxResults', async () => {
    const res = await call(em.scimUrl, 'GET', '/ServiceProviderConfig');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/scim+json');
    expect(res.json).toMatchObject({ patch: { supported: true }, filter: { supported: true, maxResults: 200 } });
  });

  it('lists schemas and serves the User schema by name and by URN', async () => {
    const list = await call(em.scimUrl, 'GET', '/Schemas');
    expect(list.json.schemas).toEqual([LIST_RESPONSE]);
    expect(list.json.Resources.map((s: { id: string }) => s.id)).toEqual([
      CORE_USER,
      ENTERPRISE_USER,
      DOMO_USER,
      CUSTOM_USER,
      CORE_GROUP,
      DOMO_GROUP,
    ]);
    const byName = await call(em.scimUrl, 'GET', '/Schemas/User');
    expect(byName.json.id).toBe('urn:ietf:params:scim:schemas:core:2.0:User');
    expect(byName.json.attributes.map((a: { name: string }) => a.name)).toContain('userName');
    expect((await call(em.scimUrl, 'GET', `/Schemas/${encodeURIComponent(byName.json.id)}`)).status).toBe(200);
    expect((await call(em.scimUrl, 'GET', '/Schemas/Nope')).status).toBe(404);
  });
});

describe('robustness', () => {
  it('answers 404 SCIM errors for unknown routes, inside and outside the SCIM root', async () => {
    const inside = await call(em.scimUrl, 'GET', '/Nope');
    expect(inside.status).toBe(404);
    expect(inside.json).toMatchObject({ schemas: [ERROR], status: '404' });
    expect((await call(em.url, 'GET', '/elsewhere')).status).toBe(404);
  });

  it('answers 405 for a known path with another method', async () => {
    expect((await call(em.scimUrl, 'DELETE', '/Users')).status).toBe(405);
  });

  it('answers 400 invalidSyntax for a body that is not JSON and keeps serving', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', { raw: '{"userName":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
    expect((await call(em.scimUrl, 'GET', '/Users/1001')).status).toBe(200);
  });

  it('rejects bodies of other content types', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', {
      raw: 'userName=x',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expect(res.json).toMatchObject({ status: '400', scimType: 'invalidSyntax' });
  });

  it.each([[[1, 2]], ['text'], [null]])('answers 400 for a JSON body of the wrong shape: %j', async (body) => {
    expect((await call(em.scimUrl, 'POST', '/Users', { body })).status).toBe(400);
    expect((await call(em.scimUrl, 'PATCH', '/Users/1001', { body })).status).toBe(400);
  });

  it('serves only under the SCIM root path', () => {
    expect(em.scimUrl).toBe(`${em.url}${SCIM_ROOT_PATH}`);
    expect(em.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });
});
