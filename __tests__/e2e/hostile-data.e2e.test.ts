import { DEFAULT_MAX_CHARS } from '../../src/report/layout';
import { HOSTILE, markdownProblems } from '../support/markdown-check';
import { TestProject } from '../support/project';
import { employee, largeRoster, largeSeed } from '../support/roster';

/** A CSV cell as a spreadsheet writes it: quoted, quotes doubled. */
const cell = (v: string) => `"${v.replace(/"/g, '""')}"`;

/** Every value of the corpus that a roster cell can hold (a CSV cell holds no bare CR: it is a line break). */
const VALUES = HOSTILE.filter((v) => v !== '');
const USERS = 40;

/**
 * Data that tries to break the reviewed Markdown (issue 17 item 3), through the sample stack: the
 * corpus goes into the roster's region and department (attribute values) and into franchise names,
 * which become directory group names and PDP policies. `plan --out`'s summary and `drift --markdown`
 * are rendered with markdown-it (CommonMark + GFM, HTML and linkify on, as GitHub renders a comment).
 */
describe('hostile data in the reviewed Markdown', () => {
  let project: TestProject;
  const rows = () =>
    VALUES.map((v, k) =>
      // email,full_name (a cell starting with "[" is a list, hence the prefixes),franchise,store_number,region,training_completed,training_score,department,role
      [
        employee(k),
        `Employee ${k}`,
        cell(`F${k} ${v.slice(0, 200)}`),
        100 + k,
        cell(`r ${v}`),
        '"[FS-101]"',
        k,
        cell(`d ${v}`),
        'Participant',
      ].join(','),
    );

  beforeAll(async () => {
    project = await TestProject.create({ seed: largeSeed(USERS) });
    project.extraEnv = { DOMO_IDENTITY_MANAGE_USERS: 'false' };
    const header = largeRoster(0).trimEnd();
    project.writeRoster(
      `${[
        header,
        ...rows(),
        ...largeRoster(USERS)
          .trimEnd()
          .split('\n')
          .slice(VALUES.length + 1),
      ].join('\n')}\n`,
    );
  });
  afterAll(async () => {
    await project?.close();
  });

  const expectSafe = (markdown: string) => {
    expect(markdownProblems(markdown)).toEqual([]);
    expect(markdown.length).toBeLessThanOrEqual(DEFAULT_MAX_CHARS);
  };

  it('plan --out: the summary names the values as text, keeps every table, stays under the cap with every section', async () => {
    const planned = await project.cli(['plan', '--out', 'hostile.tfplan']);
    if (planned.code !== 0) throw new Error(`plan exited ${planned.code}:\n${planned.output}`);
    expectSafe(planned.stdout);
    for (const heading of ['### FranchiseAttributes', '### FranchiseGroups', '### SalesPolicies', '### Access changes'])
      expect(planned.stdout).toContain(heading);
    expect(planned.stdout).toContain(employee(3));
    expect(planned.stdout).toContain('*(60,002 characters, clipped)*');
    // Old values Domo lacks read in words.
    expect(planned.stdout).toContain('*(empty)*');
  });

  it('drift --markdown after a deploy and hostile changes made by hand: the same', async () => {
    const deployed = await project.cli(['deploy', '--plan', 'hostile.tfplan']);
    if (deployed.code !== 0) throw new Error(`deploy exited ${deployed.code}:\n${deployed.output}`);
    const store = project.emulator.store;
    VALUES.forEach((v, k) => {
      const user = store.findUserByUserName(employee(VALUES.length + k))!;
      store.putUser({ ...user, customAttributes: { ...user.customAttributes, region: [v], franchise: [`hand ${v}`] } });
    });
    const drift = await project.cli(['drift', '--markdown']);
    expect(drift.code).toBe(3);
    expectSafe(drift.stdout);
    expect(drift.stdout).toContain(employee(VALUES.length));
  });
});
