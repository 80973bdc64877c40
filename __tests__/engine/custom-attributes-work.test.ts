import { startEmulator, Seed, type RunningEmulator } from 'domo-scim-emulator';
import { DomoApiClient, instanceUrlFromScimUrl } from '../../src/domo/api';
import { reconcileDefinition } from '../../src/kinds/custom-attributes/work';
import { resolveDefinition } from '../../src/kinds/custom-attributes/model';

const TOKEN = 'definitions-work-token';
const KEYS = '^/api/user/v1/properties/meta/keys/';

/** An attribute definition's create step against the local service: every write is read back. */
describe('attribute definition work, read back', () => {
  let em: RunningEmulator;
  let api: DomoApiClient;
  beforeEach(async () => {
    em = await startEmulator({
      port: 0,
      token: TOKEN,
      seed: Seed.parse({ attributes: [{ key: 'storeNumber', title: 'Store number', valueSources: ['managed'] }] }),
    });
    api = new DomoApiClient({ instanceUrl: instanceUrlFromScimUrl(em.scimUrl), token: TOKEN, sleep: async () => {} });
  });
  afterEach(async () => {
    await api.close();
    await em.close();
  });
  const writes = () => em.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

  it('creates a definition and reads it back: one listing before, one after', async () => {
    const outcome = await reconcileDefinition(api, resolveDefinition({ key: 'shift', title: 'Shift', description: 'Work shift' }));
    expect(outcome).toEqual({ identity: 'shift', status: 'created' });
    expect(em.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET']);
  });

  it('fails a create Domo accepted without the description and value sources, naming each field, expected and found', async () => {
    em.addFault({ kind: 'drops-fields', fields: ['description', 'valueSources'], pathPattern: KEYS, times: 1 });
    const desired = resolveDefinition({ key: 'shift', title: 'Shift', description: 'Work shift', valueSources: ['grant'] });
    expect(await reconcileDefinition(api, desired)).toEqual({
      identity: 'shift',
      status: 'failed',
      error:
        'Domo did not keep it (read back after the create): description expected "Work shift", found ""; ' +
        'valueSources expected "grant", found "managed"',
    });
    // The next run updates what is left, and that update is kept.
    expect(await reconcileDefinition(api, desired)).toEqual({
      identity: 'shift',
      status: 'updated',
      detail: 'description "" -> "Work shift", valueSources "managed" -> "grant"',
    });
    expect(writes()).toEqual([`POST /api/user/v1/properties/meta/keys/shift`, `PUT /api/user/v1/properties/meta/keys/shift`]);
    expect(await reconcileDefinition(api, desired)).toEqual({ identity: 'shift', status: 'unchanged' });
  });

  it('fails an update Domo accepted without the title, naming it', async () => {
    em.addFault({ kind: 'drops-fields', fields: ['title'], method: 'PUT', pathPattern: KEYS });
    const outcome = await reconcileDefinition(api, resolveDefinition({ key: 'storeNumber', title: 'Store #', visibility: 'FULL_VIS' }));
    expect(outcome).toEqual({
      identity: 'storeNumber',
      status: 'failed',
      error: 'Domo did not keep it (read back after the update): title expected "Store #", found "Store number"',
    });
    expect(em.store.attribute('storeNumber')).toMatchObject({ title: 'Store number', securityVoter: 'FULL_VIS' });
  });

  it('fails a write Domo answered as accepted but did not apply at all', async () => {
    em.addFault({ kind: 'accepted-not-applied', method: 'POST', pathPattern: KEYS });
    expect(await reconcileDefinition(api, resolveDefinition({ key: 'shift', title: 'Shift' }))).toEqual({
      identity: 'shift',
      status: 'failed',
      error: 'the definition is not in Domo after the create',
    });
  });
});
