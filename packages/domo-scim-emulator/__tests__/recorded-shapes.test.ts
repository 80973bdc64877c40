import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseSeed, startEmulator, type RunningEmulator } from '../src';
import { call, TOKEN } from './helpers';

/*
 * The service against the recorded Domo shapes in fixtures/recorded: its answers have the same
 * keys and structure (and, from a seed holding the same facts, the same values but `meta`), and
 * it accepts the recorded requests. The product's tests parse the same files with its client.
 */

const RECORDED = join(__dirname, '..', 'fixtures', 'recorded');
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const recorded = (name: string): any => JSON.parse(readFileSync(join(RECORDED, `${name}.json`), 'utf8'));

type Shape = string | Shape[] | { [key: string]: Shape };

/** Keys and value types, recursively; an array is the set of its elements' distinct shapes. */
function shapeOf(value: unknown): Shape {
  if (Array.isArray(value)) {
    const shapes = new Map(value.map((v) => shapeOf(v)).map((s) => [JSON.stringify(s), s]));
    return [...shapes.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, s]) => s);
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => a.localeCompare(b));
    return Object.fromEntries(entries.map(([k, v]) => [k, shapeOf(v)]));
  }
  return value === null ? 'null' : typeof value;
}

/** A resource, or a list of them, without the server-made `meta` (dates, location). */
function withoutMeta(value: Record<string, unknown>): Record<string, unknown> {
  const { meta: _meta, Resources, ...rest } = value;
  return Array.isArray(Resources) ? { ...rest, Resources: Resources.map(withoutMeta) } : rest;
}

/** The facts of the recorded files as a seed; jane's offices are not yet NY and CA: the recorded PATCH sets them. */
const SEED = parseSeed(
  {
    attributes: [
      { key: 'offices', valueSources: ['managed'] },
      { key: 'storeNumber', valueSources: ['managed'] },
    ],
    users: [
      {
        id: '1234567',
        userName: 'jane.doe@acme.example',
        displayName: 'Jane Doe',
        roleId: 3,
        title: 'Shift lead',
        employeeNumber: 'E-1001',
        department: 'Kitchen',
        organization: 'Sunbelt Foods',
        managerId: '1234500',
        hireDate: '2024-03-04',
        employeeLocation: 'Store 101',
        locale: 'en-US',
        timezone: 'America/Chicago',
        mobilePhone: '+1 555 0101',
        workPhone: '+1 555 0199',
        alternateEmail: 'jane@home.example',
        customAttributes: { offices: ['NY'], storeNumber: ['101'] },
      },
      { id: '1234568', userName: 'john.smith@acme.example' },
      { id: '1234569', userName: 'ann.lee@acme.example' },
    ],
    groups: [
      {
        id: '870112',
        displayName: 'Franchise - Gulf Coast Grill',
        domoDisplayName: 'Gulf Coast',
        description: 'Everyone working at Gulf Coast Grill stores',
        members: ['1234567', '1234568'],
      },
    ],
  },
  'recorded shapes seed',
);

let em: RunningEmulator;
beforeAll(async () => {
  em = await startEmulator({ token: TOKEN, seed: SEED });
});
afterAll(() => em.close());

describe('the service answers in the recorded shapes', () => {
  it('accepts the recorded custom-attribute PatchOp, then reads a user back as recorded', async () => {
    const patch = await call(em.scimUrl, 'PATCH', '/Users/1234567', { body: recorded('patch-custom-attribute') });
    expect(patch.status).toBe(200);
    const res = await call(em.scimUrl, 'GET', '/Users/1234567', { query: { attributes: '_all' } });
    const user = recorded('user');
    expect(shapeOf(res.json)).toEqual(shapeOf(user));
    expect(withoutMeta(res.json)).toEqual(withoutMeta(user));
  });

  it('pages a userName listing as recorded', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users', { query: { attributes: 'userName', startIndex: '1', count: '2' } });
    const page = recorded('list-response');
    expect(shapeOf(res.json)).toEqual(shapeOf(page));
    expect(withoutMeta(res.json)).toEqual(withoutMeta(page));
  });

  it('answers a group as recorded, and applies the recorded group PatchOp', async () => {
    const group = recorded('group');
    const before = await call(em.scimUrl, 'GET', '/Groups/870112');
    expect(shapeOf(before.json)).toEqual(shapeOf(group));
    expect(withoutMeta(before.json)).toEqual({
      ...withoutMeta(group),
      [group.schemas[1]]: { ...group[group.schemas[1]], domoDisplayName: 'Gulf Coast' },
    });

    expect((await call(em.scimUrl, 'PATCH', '/Groups/870112', { body: recorded('patch-group') })).status).toBe(200);
    const after = await call(em.scimUrl, 'GET', '/Groups/870112');
    expect(after.json.members.map((m: { value: string }) => m.value)).toEqual(['1234567', '1234569']);
    expect(after.json[group.schemas[1]].domoDisplayName).toBe('Gulf Coast Grill');
  });

  it('answers a bad filter with the recorded error body', async () => {
    const res = await call(em.scimUrl, 'GET', '/Users', { query: { filter: 'userName eq "a" and' } });
    const error = recorded('error');
    expect(res.status).toBe(Number(error.status));
    expect(shapeOf(res.json)).toEqual(shapeOf(error));
    expect(res.json).toMatchObject({ schemas: error.schemas, status: error.status, scimType: error.scimType });
  });
});
