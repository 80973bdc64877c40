import { join } from 'node:path';
import { loadSeedFile, startEmulator, type RunningEmulator } from 'domo-scim-emulator';
import { DomoApiClient, instanceUrlFromScimUrl, RoleReadBackError } from '../../src/domo/api';
import { DomoApiError } from '../../src/domo/errors';
import { rejection } from '../support/domo-api-mock';

/** The Roles Governance client against the local service: the requests it sends, and what the service holds afterwards. */

const TOKEN = 'emulator-token-7f3e';
const SAMPLE_SEED = join(__dirname, '..', '..', 'data', 'sample-seed.json');
const ROLES = '/api/authorization/v1/roles';

let em: RunningEmulator;
let domo: DomoApiClient;
beforeEach(async () => {
  em = await startEmulator({ token: TOKEN, seed: loadSeedFile(SAMPLE_SEED) });
  const instanceUrl = instanceUrlFromScimUrl(em.scimUrl);
  domo = new DomoApiClient({ instanceUrl, token: TOKEN, authScheme: 'developer-token', sleep: async () => {} });
});
afterEach(async () => {
  await domo.close();
  await em.close();
});

const logged = () => em.requests.map((r) => `${r.method} ${r.path} ${r.status}`);
const heldBy = (name: string) => em.store.findRoleByName(name)?.grants;

describe('roles through the Roles Governance API', () => {
  it('creates a role from Participant, sets its grants and reads each write back, in exactly four requests', async () => {
    em.resetRequests();
    const created = await domo.roles.create({ name: 'Franchise Manager', description: 'Runs a franchise', fromRoleId: 4 });
    expect(created).toMatchObject({ name: 'Franchise Manager', description: 'Runs a franchise', userCount: 0 });
    expect(heldBy('Franchise Manager')).toEqual(em.store.role(4)!.grants);
    expect(await domo.roles.setAuthorities(created.id, ['dataset.export', 'user.invite'])).toEqual(['dataset.export', 'user.invite']);
    expect(heldBy('Franchise Manager')).toEqual(['dataset.export', 'user.invite']);
    expect(logged()).toEqual([
      `POST ${ROLES} 200`,
      `GET ${ROLES}/${created.id} 200`,
      `PATCH ${ROLES}/${created.id}/authorities 200`,
      `GET ${ROLES}/${created.id}/authorities 200`,
    ]);
    expect(em.requests[2]!.body).toEqual(['dataset.export', 'user.invite']);
  });

  it('lists roles with their counts, and the grant catalogue with who holds each grant', async () => {
    const roles = await domo.roles.list();
    expect(roles.map((r) => r.name)).toEqual(['Admin', 'Privileged', 'Editor', 'Participant', 'Social', 'Store Manager']);
    expect(roles.reduce((n, r) => n + (r.userCount ?? 0), 0)).toBe(em.store.listUsers().length);
    const catalogue = await domo.authorities.list();
    expect(catalogue.find((a) => a.authority === 'dataset.export')).toMatchObject({ title: 'Export Data', roleIds: [1, 2, 3] });
    expect(await domo.roles.authorities(5)).toEqual(['alert.subscribe', 'client.create']);
  });

  it('sees a grant added by hand', async () => {
    await fetch(`${em.url}/_emulator/roles/Store%20Manager`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ grants: ['card.edit', 'dataset.export'] }),
    });
    expect(await domo.roles.authorities(101)).toEqual(['card.edit', 'dataset.export']);
  });

  it('a write the service accepts but does not apply fails the read-back', async () => {
    em.addFault({ kind: 'accepted-not-applied', method: 'PATCH', pathPattern: '/authorities$' });
    const e = await rejection(domo.roles.setAuthorities(101, ['pdp.manage']));
    expect(e).toBeInstanceOf(RoleReadBackError);
    expect(e.message).toBe('Domo accepted the grants of role 101, but reading them back shows missing pdp.manage');
  });

  it('a create that failed after it was applied is found, not made twice', async () => {
    em.addFault({ kind: 'error-after-apply', status: 503, method: 'POST', pathPattern: `^${ROLES}$`, times: 1 });
    const created = await domo.roles.create({ name: 'Franchise Manager', fromRoleId: 3 });
    expect(created.name).toBe('Franchise Manager');
    expect(em.store.roles().filter((r) => r.name === 'Franchise Manager')).toHaveLength(1);
    expect(em.requests.filter((r) => r.method === 'POST')).toHaveLength(1);
  });

  it('without Manage All Roles every call is a 403 DomoApiError naming the grant', async () => {
    em.store.setTokenOwner({ userName: 'robot@sunbeltfoods.example', grants: ['Manage All Users', 'Manage All Groups'] });
    const e = await rejection(domo.roles.list());
    expect(e).toBeInstanceOf(DomoApiError);
    expect((e as DomoApiError).status).toBe(403);
    expect(e.message).toBe(
      `Domo API GET ${ROLES} failed with 403: Missing grant: Manage All Roles (the token's owner, robot@sunbeltfoods.example, needs it to read or manage roles and their grants)`,
    );
  });

  it('deleting a role users hold is refused with the service’s reason; an unused one goes', async () => {
    em.store.putUser({ ...em.store.getUser('1003')!, roleId: 101 });
    await expect(domo.roles.delete(101)).rejects.toMatchObject({
      status: 409,
      message: `Domo API DELETE ${ROLES}/101 failed with 409: Role 101 (Store Manager) cannot be deleted: 1 user holds it; give them another role first`,
    });
    const spare = await domo.roles.create({ name: 'Spare', fromRoleId: 5 });
    await domo.roles.delete(spare.id);
    expect(await domo.roles.get(spare.id)).toBeUndefined();
  });
});
