import * as path from 'node:path';
import { Seed } from 'domo-scim-emulator';
import type { AttributeDefinition } from '../../src/kinds/custom-attributes/model';
import { TestProject } from '../support/project';
import { ROOT } from '../support/roster';

const APP = path.join(ROOT, 'dist', '__tests__', 'fixtures', 'definitions-app.js');

async function projectWith(seed: Seed) {
  const project = await TestProject.create({ seed, app: APP, stack: 'definitions' });
  project.extraEnv = { DEFINITIONS_SPEC: path.join(project.dir, 'spec.json') };
  return project;
}

/** DomoCustomAttributes through the real cdktf CLI and Terraform against the local service. */
describe('attribute definitions end to end', () => {
  let project: TestProject;
  const definition = (key: string) => project.emulator.snapshot().attributes.find((a) => a.key === key);
  const write = (spec: unknown) => project.writeFile('spec.json', JSON.stringify(spec));
  let spec: { definitions: AttributeDefinition[]; removalPolicy?: 'retain' | 'delete' } = {
    definitions: [
      { key: 'trainingCertified', title: 'Training certified', description: 'Derived from the training dataset' },
      { key: 'storeNumber', title: 'Store number' },
      { key: 'badgeLevel', title: 'Badge level', valueSources: ['managed', 'grant'], visibility: 'ADMIN_ONLY' },
    ],
  };
  const definitionWrites = () => project.emulator.requests.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.path}`);

  beforeAll(async () => {
    project = await projectWith(
      Seed.parse({
        attributes: [
          { key: 'region', valueSources: ['managed'], usedBy: ['dynamic group: Texas stores'] },
          { key: 'ssoRegion', keyspace: 'idp', title: 'Region from SSO', valueSources: ['idp'] },
        ],
        users: [{ id: '1', userName: 'a@acme.example' }],
      }),
    );
  });
  afterAll(async () => {
    await project?.close();
  });

  it('creates definitions; a second plan is empty', async () => {
    write(spec);
    const result = await project.deploy();
    expect(result.code).toBe(0);
    expect(definition('trainingCertified')).toMatchObject({
      title: 'Training certified',
      description: 'Derived from the training dataset',
      valueSources: ['managed'],
    });
    expect(definition('storeNumber')).toMatchObject({ title: 'Store number' });
    expect(definition('badgeLevel')).toMatchObject({
      title: 'Badge level',
      valueSources: ['grant', 'managed'],
      securityVoter: 'ADMIN_ONLY',
    });
    expect((await project.plan()).changes).toEqual([]);
  });

  it('updates value sources and visibility in place, shown old -> new', async () => {
    spec.definitions[2] = { ...spec.definitions[2]!, valueSources: ['managed'], visibility: 'FULL_VIS' };
    write(spec);
    const plan = await project.plan();
    expect(plan.changes.map((c) => c.index)).toEqual(['badgeLevel']);
    expect(plan.output).toMatch(/~ valueSources += "grant, managed" -> "managed"/);
    expect(plan.output).toMatch(/~ visibility += "ADMIN_ONLY" -> "FULL_VIS"/);
    project.emulator.resetRequests();
    expect((await project.deploy()).code).toBe(0);
    // The same definition is updated: never deleted and created again (that would drop every user's values).
    expect(definitionWrites()).toEqual(['PUT /api/user/v1/properties/meta/keys/badgeLevel']);
    expect(definition('badgeLevel')).toMatchObject({ title: 'Badge level', valueSources: ['managed'], securityVoter: 'FULL_VIS' });
    expect((await project.plan()).changes).toEqual([]);
  });

  it('updates title and description in place, shown old -> new', async () => {
    spec.definitions[1] = { key: 'storeNumber', title: 'Store #', description: 'The store an employee works at' };
    write(spec);
    const plan = await project.plan();
    expect(plan.output).toMatch(/~ title += "Store number" -> "Store #"/);
    expect(plan.output).toMatch(/~ description += "" -> "The store an employee works at"/);
    expect((await project.deploy()).code).toBe(0);
    expect(definition('storeNumber')).toMatchObject({ title: 'Store #', description: 'The store an employee works at' });
  });

  it('a changed key is a new attribute: the plan destroys the old key and creates the new one', async () => {
    spec = {
      removalPolicy: 'delete',
      definitions: [spec.definitions[0]!, { ...spec.definitions[1]!, key: 'storeId' }, spec.definitions[2]!],
    };
    write(spec);
    const plan = await project.plan();
    const actions = plan.changes.map((c) => `${c.index} ${c.change.actions.join('+')}`).sort();
    expect(actions).toEqual(['storeId create', 'storeNumber delete']);
    expect(plan.output).toMatch(/\["storeNumber"\] will be destroyed/);
    expect(plan.output).toMatch(/\["storeId"\] will be created/);
    expect((await project.deploy()).code).toBe(0);
    expect(definition('storeNumber')).toBeUndefined();
    expect(definition('storeId')).toMatchObject({ title: 'Store #' });
  });

  it("surfaces Domo's refusal to delete a key that a dynamic group uses, and refuses a key outside the customer-defined keyspace", async () => {
    spec.definitions.push({ key: 'region', title: 'Region' });
    write(spec);
    expect((await project.deploy()).code).toBe(0);
    spec.definitions = [...spec.definitions.filter((d) => d.key !== 'region'), { key: 'ssoRegion', title: 'SSO region' }];
    write(spec);
    project.emulator.resetRequests();
    const result = await project.deploy();
    expect(result.code).not.toBe(0);
    expect(result.output).toMatch(/region: Domo refused to delete it: .*dynamic group: Texas stores/);
    expect(result.output).toContain("ssoRegion: the key exists in Domo's idp keyspace; only customer-defined attributes can be managed");
    expect(definition('region')).toBeDefined();
    expect(definition('ssoRegion')).toMatchObject({ keyspace: 'idp', title: 'Region from SSO', valueSources: ['idp'] });
    expect(definitionWrites()).toEqual(['DELETE /api/user/v1/properties/meta/keys/region']);
  });
});

describe('governance at synth', () => {
  it('fails synth naming the key, the construct and the user, before any call to Domo', async () => {
    const project = await projectWith(Seed.parse({ users: [] }));
    try {
      project.writeFile(
        'spec.json',
        JSON.stringify({
          policy: { franchise: { source: 'managed', writers: ['Franchise'] }, ssoRegion: { source: 'idp' } },
          writers: [
            { id: 'Franchise', keys: ['franchise'], users: ['jane@acme.example'] },
            { id: 'Roster', keys: ['franchise', 'ssoRegion', 'nickname'], users: ['zed@acme.example', 'Jane@acme.example'] },
          ],
        }),
      );
      const result = await project.deploy();
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(
        'definitions/Roster writes custom attribute "nickname" for user Jane@acme.example and 1 more, which the governance policy definitions/Governance does not declare',
      );
      expect(result.output).toContain(
        'definitions/Roster writes custom attribute "ssoRegion" for user Jane@acme.example and 1 more, whose value source is IdP',
      );
      expect(result.output).toContain(
        'definitions/Roster writes custom attribute "franchise" for user Jane@acme.example and 1 more, but the governance policy allows only Franchise to write it',
      );
      expect(result.output).toContain(
        'custom attribute "franchise" of user Jane@acme.example is written by both definitions/Franchise and definitions/Roster',
      );
      expect(project.emulator.requests).toEqual([]);
    } finally {
      await project.close();
    }
  });
});
