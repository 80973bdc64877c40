import { TestProject, changedTriggers, planTriggerLines } from '../support/project';
import { editRow, isWrite, sampleRoster, sampleSeed, userIn } from '../support/roster';

/** Members of the sample roster's franchise groups, written out by hand from data/franchise-roster.csv. */
const FRANCHISES: Record<string, string[]> = {
  'Franchise - Sunbelt Tacos North': ['james.chen', 'maria.lopez', 'noah.kim'],
  'Franchise - Sunbelt Tacos South': ['aisha.khan', 'ethan.davis', 'tom.becker'],
  'Franchise - Gulf Coast Grill': ['liam.oconnor', 'lucas.silva', 'olivia.brown', 'priya.nair'],
  'Franchise - Sunbelt Tacos, Express': ['emma.wright', 'sofia.rossi'],
};
const JAMES = 'james.chen@sunbeltfoods.example';

/** The whole sample stack, as the demo deploys it, against the sample Domo instance. */
describe('the sample stack end to end', () => {
  let project: TestProject;
  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: sampleRoster() });
  });
  afterAll(async () => {
    await project?.close();
  });

  /** A group's members as userNames without the domain, sorted. */
  const members = (displayName: string) => {
    const state = project.emulator.snapshot();
    return state.groups
      .find((g) => g.displayName === displayName)!
      .members.map((id) => state.users.find((u) => u.id === id)!.userName.replace(/@.*/, ''))
      .sort();
  };
  const franchiseMembers = () => Object.fromEntries(Object.keys(FRANCHISES).map((name) => [name, members(name)]));

  it('deploys users, the training rule, attributes and groups, and a second plan has no changes', async () => {
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    const state = project.emulator.snapshot();
    const user = (name: string) => userIn(state, `${name}@sunbeltfoods.example`);

    // The training rule: certified Participant raised to Editor, nobody lowered, flags set.
    expect(user('aisha.khan')).toMatchObject({ roleId: 3, customAttributes: expect.objectContaining({ trainingCertified: ['true'] }) });
    expect(user('noah.kim')).toMatchObject({ roleId: 1, customAttributes: expect.objectContaining({ trainingCertified: ['true'] }) });
    expect(user('sofia.rossi')).toMatchObject({
      roleId: 4,
      department: 'R&D ${temp}',
      customAttributes: expect.objectContaining({ trainingCertified: ['false'] }),
    });
    expect(user('lucas.silva').customAttributes.franchise).toEqual(['Gulf Coast Grill']);

    expect(members('Training - Certified')).toEqual(['aisha.khan', 'emma.wright', 'maria.lopez', 'noah.kim']);
    expect(franchiseMembers()).toEqual(FRANCHISES);
    expect(state.groups).toHaveLength(5);

    const plan = await project.plan();
    expect(plan.changes).toEqual([]);
    expect(deploy.output + plan.output).not.toContain(project.token);
  });

  it('an employee moving franchise in the roster CSV leaves one derived group and joins the other, and nothing else', async () => {
    const before = project.emulator.snapshot();
    const id = (displayName: string) => before.groups.find((g) => g.displayName === displayName)!.id;
    project.writeRoster(editRow(sampleRoster(), JAMES, 'franchise', 'Gulf Coast Grill'));
    const plan = await project.plan();
    expect(plan.code).toBe(0);
    const changes = plan.changes.map((c) => [c.address.replace(/_[0-9A-F]{8}\[.*$/, ''), c.index, changedTriggers(c)]);
    expect(changes).toEqual([
      [
        'terraform_data.FranchiseAttributes',
        expect.any(String),
        [{ key: `${JAMES}/franchise`, before: 'Sunbelt Tacos North', after: 'Gulf Coast Grill' }],
      ],
      ['terraform_data.FranchiseGroups', 'Franchise - Gulf Coast Grill', [{ key: `member/${JAMES}`, before: undefined, after: 'member' }]],
      [
        'terraform_data.FranchiseGroups',
        'Franchise - Sunbelt Tacos North',
        [{ key: `member/${JAMES}`, before: 'member', after: undefined }],
      ],
    ]);
    // The plan text: the attribute, then the joiner (4 fields and 4 members hidden), then the leaver (4 fields and 2 members hidden).
    expect(planTriggerLines(plan.output)).toEqual([
      [
        `~ "${JAMES}/franchise" = "Sunbelt Tacos North" -> "Gulf Coast Grill"`,
        expect.stringMatching(/^# \(\d+ unchanged attributes hidden\)$/),
      ],
      [`+ "member/${JAMES}" = "member"`, '# (8 unchanged attributes hidden)'],
      [`- "member/${JAMES}" = "member"`, '# (6 unchanged attributes hidden)'],
    ]);
    expect(plan.output).not.toMatch(/member\/(?!james\.chen@)/);

    project.emulator.resetRequests();
    const deploy = await project.deploy();
    if (deploy.code !== 0) throw new Error(deploy.output);
    const james = userIn(before, JAMES);
    expect(
      project.emulator.requests
        .filter(isWrite)
        .map((r) => `${r.method} ${r.path}`)
        .sort(),
    ).toEqual(
      [
        `PATCH /Groups/${id('Franchise - Gulf Coast Grill')}`,
        `PATCH /Groups/${id('Franchise - Sunbelt Tacos North')}`,
        `PATCH /Users/${james.id}`,
      ].sort(),
    );
    expect(franchiseMembers()).toEqual({
      ...FRANCHISES,
      'Franchise - Sunbelt Tacos North': ['maria.lopez', 'noah.kim'],
      'Franchise - Gulf Coast Grill': ['james.chen', 'liam.oconnor', 'lucas.silva', 'olivia.brown', 'priya.nair'],
    });
    const after = project.emulator.snapshot();
    expect(after.groups.map((g) => [g.displayName, g.id])).toEqual(before.groups.map((g) => [g.displayName, g.id]));
    expect(userIn(after, JAMES).customAttributes.franchise).toEqual(['Gulf Coast Grill']);

    const second = await project.plan();
    expect(second.code).toBe(0);
    expect(second.changes).toEqual([]);
  });
});
