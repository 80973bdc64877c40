import { TestProject } from '../support/project';
import { sampleRoster, sampleSeed, userIn } from '../support/roster';

/** The whole sample stack, as the demo deploys it, against the sample Domo instance. */
describe('the sample stack end to end', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: sampleRoster() });
  });
  afterAll(async () => {
    await project?.close();
  });

  it('deploys users, the training rule, attributes and groups, and a second plan has no changes', async () => {
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    const state = project.emulator.snapshot();
    const user = (name: string) => userIn(state, `${name}@sunbeltfoods.example`);

    // The training rule: certified Participant raised to Editor, nobody lowered, flags set.
    expect(user('aisha.khan')).toMatchObject({ roleId: 3, customAttributes: expect.objectContaining({ trainingCertified: ['true'] }) });
    expect(user('noah.kim')).toMatchObject({ roleId: 1, customAttributes: expect.objectContaining({ trainingCertified: ['true'] }) });
    expect(user('sofia.rossi')).toMatchObject({ roleId: 4, department: 'R&D ${temp}', customAttributes: expect.objectContaining({ trainingCertified: ['false'] }) });
    expect(user('lucas.silva').customAttributes.franchise).toEqual(['Gulf Coast Grill']);

    const members = (displayName: string) =>
      state.groups.find((g) => g.displayName === displayName)!.members.map((id) => state.users.find((u) => u.id === id)!.userName.replace(/@.*/, '')).sort();
    expect(members('Training - Certified')).toEqual(['aisha.khan', 'emma.wright', 'maria.lopez', 'noah.kim']);
    expect(members('Franchise - Sunbelt Tacos, Express')).toEqual(['emma.wright', 'sofia.rossi']);
    expect(state.groups).toHaveLength(5);

    const plan = await project.plan();
    expect(plan.changes).toEqual([]);
    expect(deploy.output + plan.output).not.toContain(project.token);
  });
});
