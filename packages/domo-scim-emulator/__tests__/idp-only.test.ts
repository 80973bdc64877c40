import { CUSTOM_USER } from '../src/contract';
import { RunningEmulator } from '../src';
import { call, newUser, patchBody, start, testSeed } from './helpers';

const SSO_PATH = `${CUSTOM_USER}:customAttributes[key eq "ssoRegion"]`;

describe.each([['ignore'], ['reject']] as const)('IdP-only attributes with idpOnlyWrites=%s', (mode) => {
  let em: RunningEmulator;
  beforeEach(async () => {
    em = await start({ seed: testSeed({ idpOnlyWrites: mode }) });
  });
  afterEach(() => em.close());

  const patch = (...ops: unknown[]) => call(em.scimUrl, 'PATCH', '/Users/1001', { body: patchBody(...ops) });

  it(mode === 'ignore' ? 'accepts a PATCH with 200 but the value does not change' : 'rejects a PATCH with 400 mutability', async () => {
    const res = await patch({ op: 'replace', path: SSO_PATH, value: ['East'] });
    if (mode === 'ignore') {
      expect(res.status).toBe(200);
      expect(res.json[CUSTOM_USER].customAttributes).toContainEqual({ key: 'ssoRegion', values: ['West'] });
    } else {
      expect(res.json).toMatchObject({ status: '400', scimType: 'mutability' });
      expect(res.json.detail).toContain('"ssoRegion"');
    }
    expect(em.store.getUser('1001')!.customAttributes['ssoRegion']).toEqual(['West']);
  });

  it('treats remove as a write', async () => {
    const res = await patch({ op: 'remove', path: SSO_PATH });
    expect(res.status).toBe(mode === 'ignore' ? 200 : 400);
    expect(em.store.getUser('1001')!.customAttributes['ssoRegion']).toEqual(['West']);
  });

  it('accepts writing the value it already has', async () => {
    expect((await patch({ op: 'replace', path: SSO_PATH, value: ['West'] })).status).toBe(200);
  });

  it('keeps the IdP value when a PUT omits it', async () => {
    const res = await call(em.scimUrl, 'PUT', '/Users/1001', { body: newUser('jane.doe@acme.example') });
    expect(res.status).toBe(200);
    expect(em.store.getUser('1001')!.customAttributes).toEqual({ ssoRegion: ['West'] });
  });

  it('applies the same rule on POST', async () => {
    const res = await call(em.scimUrl, 'POST', '/Users', {
      body: newUser('idp@acme.example', { [CUSTOM_USER]: { customAttributes: [{ key: 'ssoRegion', values: ['North'] }] } }),
    });
    if (mode === 'ignore') {
      expect(res.status).toBe(201);
      expect(em.store.getUser(res.json.id)!.customAttributes).toEqual({});
    } else {
      expect(res.status).toBe(400);
      expect(em.store.findUserByUserName('idp@acme.example')).toBeUndefined();
    }
  });

  it('lets tests set IdP values through the store, as a sign-in would', async () => {
    em.store.putUser({ ...em.store.getUser('1001')!, customAttributes: { ssoRegion: ['North'] } });
    expect(em.store.getUser('1001')!.customAttributes).toEqual({ ssoRegion: ['North'] });
  });
});
