import * as path from 'node:path';
import { Seed } from 'domo-scim-emulator';
import { TestProject } from '../support/project';
import { ROOT } from '../support/roster';

const APP = path.join(ROOT, 'dist', '__tests__', 'fixtures', 'definitions-app.js');

/**
 * Writes Domo accepts but does not apply, through the real cdktf CLI and Terraform: a group's
 * description and an attribute definition's fields dropped by the local service fail the deploy
 * naming them; the next deploy, once Domo keeps them, converges.
 */
describe('every write is read back end to end', () => {
  let project: TestProject;
  const spec = {
    definitions: [{ key: 'shift', title: 'Shift', description: 'Work shift', valueSources: ['managed', 'grant'] }],
    groups: [{ displayName: 'Kitchen', description: 'Kitchen staff', members: ['a@acme.example'] }],
  };

  beforeAll(async () => {
    project = await TestProject.create({
      seed: Seed.parse({ users: [{ id: '1', userName: 'a@acme.example' }] }),
      app: APP,
      stack: 'definitions',
    });
    project.extraEnv = { DEFINITIONS_SPEC: path.join(project.dir, 'spec.json') };
    project.writeFile('spec.json', JSON.stringify(spec));
  });
  afterAll(async () => {
    await project?.close();
  });

  it('a dropped group description and dropped definition fields fail the deploy naming them; without the fault it converges', async () => {
    project.emulator.addFault({ kind: 'drops-fields', fields: ['description'], method: 'POST', pathPattern: '^/Groups$' });
    project.emulator.addFault({ kind: 'drops-fields', fields: ['description', 'valueSources'], pathPattern: '/properties/meta/keys/' });
    const failed = await project.deploy();
    expect(failed.code).not.toBe(0);
    expect(failed.output).toContain(
      'Kitchen: Domo did not keep it (read back after the create): description expected "Kitchen staff", found ""',
    );
    expect(failed.output).toContain(
      'shift: Domo did not keep it (read back after the create): description expected "Work shift", found ""; ' +
        'valueSources expected "grant, managed", found "managed"',
    );
    const snapshot = project.emulator.snapshot();
    expect(snapshot.groups.find((g) => g.displayName === 'Kitchen')).toMatchObject({ members: ['1'] });
    expect(snapshot.groups.find((g) => g.displayName === 'Kitchen')!.description).toBeUndefined();
    expect(snapshot.attributes.find((a) => a.key === 'shift')).toMatchObject({ title: 'Shift', valueSources: ['managed'] });

    project.emulator.clearFaults();
    const deployed = await project.deploy();
    if (deployed.code !== 0) throw new Error(`deploy failed:\n${deployed.output}`);
    const after = project.emulator.snapshot();
    expect(after.groups.find((g) => g.displayName === 'Kitchen')).toMatchObject({ description: 'Kitchen staff', members: ['1'] });
    expect(after.attributes.find((a) => a.key === 'shift')).toMatchObject({
      description: 'Work shift',
      valueSources: ['grant', 'managed'],
    });
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    expect(plan.changes).toEqual([]);
    expect(plan.output).toContain('No changes.');
  });
});
