import * as fs from 'node:fs';
import * as path from 'node:path';
import { TestProject } from '../support/project';
import { runCdktf } from '../../src/cli/cdktf';
import { LOCAL_SCIM_URL } from '../../src/config/app-env';
import { ROOT, editRow, sampleRoster, sampleSeed } from '../support/roster';
import { Seed } from 'domo-scim-emulator';

/** Bad input must stop `cdktf deploy` before any SCIM call, naming the file, row and field or variable. */
describe('bad input fails before any SCIM call', () => {
  let project: TestProject;
  const good = sampleRoster();

  beforeAll(async () => {
    project = await TestProject.create({ seed: sampleSeed(), roster: good });
  });
  afterAll(async () => {
    await project?.close();
  });
  beforeEach(() => {
    project.extraEnv = {};
    project.emulator.resetRequests();
  });

  async function expectRejected(roster: string, ...messages: Array<string | RegExp>) {
    project.writeRoster(roster);
    const result = await project.deploy();
    expect(result.code).not.toBe(0);
    for (const m of messages) expect(result.output).toMatch(m);
    expect(project.emulator.requests).toEqual([]);
    expect(project.emulator.snapshot()).toEqual(sampleSeed());
  }

  it('a malformed CSV row names the file, row and line', async () => {
    await expectRejected(`${good.trimEnd()}\nbroken@sunbeltfoods.example,"unterminated\n`, /roster\.csv/, /row 13/);
  });

  it('an invalid userName names the file, row and column', async () => {
    await expectRejected(
      editRow(good, 'james.chen@sunbeltfoods.example', 'email', 'james.chen'),
      /roster\.csv, row 2 \(line 3\), field "email"/,
      /james\.chen/,
    );
  });

  it('an empty userName names the file, row and column', async () => {
    await expectRejected(editRow(good, 'james.chen@sunbeltfoods.example', 'email', ''), /roster\.csv, row 2 \(line 3\), field "email"/);
  });

  it('users whose userNames differ only by case are named with both rows', async () => {
    await expectRejected(
      `${good.trimEnd()}\nJames.Chen@SunbeltFoods.example,James,X,1,R,,1,K,Editor\n`,
      /James\.Chen@SunbeltFoods\.example/,
      /row 2/,
      /row 13/,
    );
  });

  it('a managed key whose column is missing names the file and column', async () => {
    const withoutRegion = good.replace('store_number,region,', 'store_number,territory,');
    await expectRejected(withoutRegion, /roster\.csv/, /"region"/);
  });

  it('a missing token names DOMO_SCIM_TOKEN', async () => {
    project.extraEnv = { DOMO_SCIM_TOKEN: '' };
    await expectRejected(good, /DOMO_SCIM_TOKEN/);
  });

  it('a DOMO_SCIM_URL that is set but empty names the variable', async () => {
    project.extraEnv = { DOMO_SCIM_URL: '' };
    await expectRejected(good, /DOMO_SCIM_URL is set but empty/);
    project.extraEnv = { DOMO_SCIM_URL: '  ' };
    await expectRejected(good, /DOMO_SCIM_URL is set but empty/);
  });

  it('an unset DOMO_SCIM_URL means the local service, and synth says so', async () => {
    // Spawned processes leave out variables whose value is undefined.
    const result = await runCdktf(['synth'], { cwd: project.dir, env: { ...project.env(), DOMO_SCIM_URL: undefined } });
    expect(result.code).toBe(0);
    expect(result.output).toContain(`DOMO_SCIM_URL is not set: using the local SCIM service at ${LOCAL_SCIM_URL}\n`);
    const manifest = path.join(project.stackDir, 'domo-identity', 'franchise-identity.FranchiseAttributes', 'construct.json');
    expect(JSON.parse(fs.readFileSync(manifest, 'utf8')).scim.url).toBe(LOCAL_SCIM_URL);
    expect(project.emulator.requests).toEqual([]);
  });

  it('an invalid or insecure URL names DOMO_SCIM_URL or the URL', async () => {
    project.extraEnv = { DOMO_SCIM_URL: 'not a url' };
    await expectRejected(good, /DOMO_SCIM_URL/);
    project.extraEnv = { DOMO_SCIM_URL: 'http://acme.domo.com/api/identity/v1/scim' };
    await expectRejected(good, /must use https/);
  });
});

describe('a managed key the governance policy does not declare', () => {
  it('fails synth naming the key, the construct, a user and the policy, before any SCIM call', async () => {
    // The sample stack declares every key it manages; this fixture app lets the test declare fewer.
    const project = await TestProject.create({
      seed: sampleSeed(),
      app: path.join(ROOT, 'dist', '__tests__', 'fixtures', 'definitions-app.js'),
      stack: 'definitions',
    });
    const spec = {
      policy: { franchise: { source: 'managed' }, storeNumber: { source: 'managed' } },
      writers: [
        {
          id: 'FranchiseAttributes',
          keys: ['franchise', 'storeNumber', 'storeManager'],
          users: ['maria.lopez@sunbeltfoods.example', 'james.chen@sunbeltfoods.example'],
        },
      ],
    };
    project.extraEnv = { DEFINITIONS_SPEC: project.writeFile('spec.json', JSON.stringify(spec)) };
    try {
      const result = await project.deploy();
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(
        'definitions/FranchiseAttributes writes custom attribute "storeManager" for user james.chen@sunbeltfoods.example and 1 more, which the governance policy definitions/Governance does not declare. Declare it with its value source, or stop writing it.',
      );
      // cdktf repeats the app's error; the declared keys must not be reported.
      expect(new Set(result.output.match(/writes custom attribute "[^"]*"/g))).toEqual(new Set(['writes custom attribute "storeManager"']));
      expect(project.emulator.requests).toEqual([]);
      expect(project.emulator.snapshot()).toEqual(sampleSeed());
    } finally {
      await project.close();
    }
  });
});

describe('a managed key Domo does not define', () => {
  it('fails the deploy with the SCIM detail naming the key', async () => {
    const seed = sampleSeed();
    for (const user of seed.users) delete user.customAttributes.trainingScore;
    const withoutScore = Seed.parse({ ...seed, attributes: seed.attributes.filter((a) => a.key !== 'trainingScore') });
    const project = await TestProject.create({ seed: withoutScore, roster: sampleRoster() });
    try {
      const result = await project.deploy();
      expect(result.code).not.toBe(0);
      expect(result.output).toMatch(/trainingScore/);
      expect(result.output).toMatch(/400/);
    } finally {
      await project.close();
    }
  });
});
