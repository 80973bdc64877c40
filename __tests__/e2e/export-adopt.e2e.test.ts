import * as fs from 'node:fs';
import * as path from 'node:path';
import { Seed } from 'domo-scim-emulator';
import { TestProject } from '../support/project';
import { isWrite, ROOT } from '../support/roster';

const KEYS = ['franchise', 'region', 'notes', 'trainingCompleted'];

/** An instance nobody manages yet, with values that are hard to carry through CSV and Terraform. */
const SEED = Seed.parse({
  attributes: [...KEYS, 'other'].map((key) => ({ key, valueSources: ['managed'] })),
  users: [
    {
      id: '1001',
      userName: 'zoe@acme.example',
      customAttributes: {
        franchise: ['Grill, Express'],
        region: ['West'],
        notes: ['says "hi"; costs ${price} or %{x}'],
        trainingCompleted: ['FS-101', 'MGR-300'],
      },
    },
    {
      id: '1002',
      userName: 'Adam@acme.example',
      customAttributes: { franchise: ['Tacos'], notes: ['line one\nline two'], other: ['not exported'] },
    },
    { id: '1003', userName: 'beth@acme.example', customAttributes: { region: ['East'] } },
    { id: '1004', userName: 'carl@acme.example', customAttributes: {} },
  ],
  groups: [
    { id: '5001', displayName: 'Grill, West', domoDisplayName: 'Grill "West"', description: 'Line\nbreak', members: ['1001', '1003'] },
    { id: '5002', displayName: 'Tacos', members: ['1002'] },
  ],
});

/** Adopting an existing instance: export, use the export as the datasets, deploy: nothing changes. */
describe('export round trip end to end', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await TestProject.create({
      seed: SEED,
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'adopt-app.js'),
      stack: 'adopted',
    });
    project.extraEnv = {
      ADOPT_USERS: path.join(project.dir, 'users.csv'),
      ADOPT_GROUPS: path.join(project.dir, 'groups.csv'),
      ADOPT_KEYS: KEYS.join(','),
    };
  });
  afterAll(async () => {
    await project?.close();
  });

  it('export -> deploy from the export writes nothing, and a second plan has no changes', async () => {
    const exported = await project.cli(['export', '--out', 'users.csv', '--keys', KEYS.join(','), '--groups-out', 'groups.csv']);
    expect(exported.code).toBe(0);
    expect(exported.stderr).toContain('Wrote 4 user(s) with franchise, region, notes, trainingCompleted');
    expect(exported.stderr).toContain('Wrote 3 membership(s) of 2 group(s)');
    expect(fs.readFileSync(path.join(project.dir, 'users.csv'), 'utf8').split('\n')[0]).toBe(
      'userName,franchise,region,notes,trainingCompleted',
    );

    const before = project.emulator.snapshot();
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    expect(project.emulator.requests.filter(isWrite)).toEqual([]);
    expect(project.emulator.snapshot()).toEqual(before);

    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
    expect(deploy.output + plan.output + exported.output).not.toContain(project.token);
  });

  it('once adopted, an edit of the exported CSV is one named change and one write', async () => {
    const file = path.join(project.dir, 'users.csv');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('beth@acme.example,,East,', 'beth@acme.example,,North,'));
    const plan = await project.plan();
    expect(plan.output).toMatch(/~ "beth@acme\.example\/region" += "East" -> "North"/);
    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    expect(project.emulator.requests.filter(isWrite).map((r) => `${r.method} ${r.path}`)).toEqual(['PATCH /Users/1003']);
    expect(project.emulator.store.getUser('1003')!.customAttributes.region).toEqual(['North']);
  });
});
