import { join } from 'node:path';
import { DomoApiClient, instanceUrlFromScimUrl } from '../../src/domo/api';
import { DomoApiError } from '../../src/domo/errors';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { ScimClient } from '../../src/domo/scim';

const TOKEN = 'emulator-token-7f3e';
const SAMPLE_SEED = join(__dirname, '..', '..', 'data', 'sample-seed.json');

let em: RunningEmulator;
let domo: DomoApiClient;
beforeEach(async () => {
  em = await startEmulator({ token: TOKEN, seed: loadSeedFile(SAMPLE_SEED) });
  domo = new DomoApiClient({ instanceUrl: instanceUrlFromScimUrl(em.scimUrl), token: TOKEN, sleep: async () => {} });
});
afterEach(async () => {
  await domo.close();
  await em.close();
});

describe('DomoApiClient against the local service', () => {
  it('lists the sample definitions, filtered by keyspace on the client', async () => {
    const all = await domo.listAttributeDefinitions();
    expect(all.map((d) => d.key)).toContain('ssoDepartment');
    expect(all.find((d) => d.key === 'region')).toMatchObject({ title: 'Operating region', valueSources: ['managed'] });
    const customer = await domo.listAttributeDefinitions({ keyspaces: ['customer-defined'] });
    expect(customer.map((d) => d.key)).not.toContain('ssoDepartment');
    expect(customer).toHaveLength(all.length - 1);
  });

  it('creates, updates and deletes a definition, which SCIM sees at once', async () => {
    const scim = new ScimClient({ baseUrl: em.scimUrl, token: TOKEN, sleep: async () => {} });
    try {
      const write = (values: string[]) =>
        scim.patchUser('1004', [
          { op: 'replace', path: 'urn:ietf:params:scim:schemas:extension:custom:2.0:User:customAttributes[key eq "shift"]', value: values },
        ]);
      await expect(write(['night'])).rejects.toMatchObject({ status: 400 });
      const created = await domo.createAttributeDefinition({ key: 'shift', title: 'Shift', valueSources: ['managed', 'grant'] });
      expect(created).toMatchObject({ key: 'shift', keyspace: 'customer-defined', title: 'Shift', valueSources: ['managed', 'grant'] });
      await write(['night']);
      expect(em.store.getUser('1004')!.customAttributes['shift']).toEqual(['night']);

      const updated = await domo.updateAttributeDefinition({ key: 'shift', title: 'Shift pattern', securityVoter: 'ADMIN_ONLY' });
      expect(updated).toMatchObject({ title: 'Shift pattern', securityVoter: 'ADMIN_ONLY', valueSources: ['managed'] });

      await domo.deleteAttributeDefinition('shift');
      expect((await domo.listAttributeDefinitions()).map((d) => d.key)).not.toContain('shift');
      expect(em.store.getUser('1004')!.customAttributes).toEqual({});
    } finally {
      await scim.close();
    }
  });

  it('surfaces a refused delete with Domo’s reason', async () => {
    let error: unknown;
    try {
      await domo.deleteAttributeDefinition('region');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DomoApiError);
    expect((error as DomoApiError).status).toBe(409);
    expect((error as Error).message).toBe(
      'Domo API DELETE /api/user/v1/properties/meta/keys/region failed with 409: Attribute key "region" is used by dynamic group: Texas stores and PDP policy: Region rows; Domo deletes only keys that no dynamic group or PDP policy uses',
    );
    expect(em.store.attribute('region')).toBeDefined();
  });

  it('a duplicate create is a 409', async () => {
    await expect(domo.createAttributeDefinition({ key: 'region' })).rejects.toMatchObject({ name: 'DomoApiError', status: 409 });
  });

  it('lists the system roles and the sample’s custom role', async () => {
    const roles = await domo.roles.list();
    expect(roles.map((r) => [r.id, r.name])).toEqual([
      [1, 'Admin'],
      [2, 'Privileged'],
      [3, 'Editor'],
      [4, 'Participant'],
      [5, 'Social'],
      [101, 'Store Manager'],
    ]);
  });

  it('a wrong token is a 401 DomoApiError without the token in it', async () => {
    const wrong = new DomoApiClient({ instanceUrl: em.url, token: 'wrong-token-xyz', authScheme: 'developer-token' });
    try {
      const e = await wrong.roles.list().catch((err: unknown) => err as DomoApiError);
      expect(e).toBeInstanceOf(DomoApiError);
      expect((e as DomoApiError).status).toBe(401);
      expect(JSON.stringify({ ...(e as object), message: (e as Error).message })).not.toContain('wrong-token-xyz');
    } finally {
      await wrong.close();
    }
  });

  it('records the calls with their full paths', async () => {
    em.resetRequests();
    await domo.roles.list();
    expect(em.requests).toEqual([{ method: 'GET', path: '/api/authorization/v1/roles', query: {}, status: 200 }]);
  });
});
