import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { execFile } from 'node:child_process';
import { newLocalToken } from '../../src/cli/commands/demo';
import { describeRole, SYSTEM_ROLE_IDS, type SystemRoleName } from '../../src';
import { parseCsv, readCsvFile } from '../../src/sources';
import { employeesFromRoster } from '../../stacks/rules/employees';
import { certifiedEmployees } from '../../stacks/rules/training';
import { MANAGED_KEYS, ROOT, desiredFromRoster, pick, sampleRoster, sampleSeed } from '../support/roster';

const CLI = path.join(ROOT, 'dist', 'src', 'cli', 'main.js');
const KEYS = [...MANAGED_KEYS, 'trainingCertified'];
/** The demo's token as a whole word; digests are longer hex runs, so they never match. */
const TOKEN_SHAPE = /(?<![0-9a-f])[0-9a-f]{48}(?![0-9a-f])/;

type Cells = Record<string, string[]>;

/** A cell's values as the tables show them: joined by ", ", and "Sunbelt Tacos, Express" is one value, so compare the pieces. */
const pieces = (values: readonly string[]): string[] => values.flatMap((v) => v.split(', ')).sort();
const piecesOf = (cells: Cells): Cells => Object.fromEntries(Object.entries(cells).map(([k, v]) => [k, pieces(v)]));

/**
 * The README's main command, `npm run demo`, is `npm run build && node dist/src/cli/main.js demo`:
 * this runs the built CLI exactly so (no shell), in the repository, with the defaults.
 */
describe('domo-identity demo', () => {
  const workdir = fs.mkdtempSync(path.join(os.tmpdir(), 'domo-identity-demo-'));
  let result: { code: number; stdout: string; stderr: string };

  beforeAll(async () => {
    // The user's shell may hold real Domo settings; the demo must not need or use any of them.
    const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('DOMO_')));
    result = await new Promise((resolve) => {
      execFile(
        process.execPath,
        [CLI, 'demo', '--workdir', workdir],
        { cwd: ROOT, env, maxBuffer: 64 * 1024 * 1024 },
        (err, stdout, stderr) => {
          resolve({ code: err ? Number((err as { code?: number }).code ?? 1) : 0, stdout, stderr });
        },
      );
    });
  });
  afterAll(() => fs.rmSync(workdir, { recursive: true, force: true }));

  it('exits 0 and ends with a second plan that has no changes', () => {
    if (result.code !== 0) throw new Error(`demo exited ${result.code}:\n${result.stdout}\n${result.stderr}`);
    expect(result.stdout).toContain('\nSecond plan: No changes. Domo matches the roster.\n');
  });

  it("prints Domo's users before the deploy: the seed as it is", () => {
    const seed = sampleSeed();
    const expected = Object.fromEntries(
      seed.users.map((u) => [u.userName, piecesOf({ role: [describeRole(String(u.roleId))], ...pick(u.customAttributes, KEYS) })]),
    );
    expect(userTable(result.stdout, 'Before deploy')).toEqual(expected);
    expect(seed.groups).toEqual([]);
    expect(section(result.stdout, 'Before deploy: Domo directory groups')).toEqual(['(none)']);
  });

  it("prints Domo's users after the deploy: roles, attributes and groups equal the roster", () => {
    const csv = sampleRoster();
    const roster = parseCsv(csv, 'roster.csv');
    const certified = certifiedEmployees(readCsvFile(path.join(ROOT, 'data', 'training-completions.csv')));
    const attributes = desiredFromRoster(csv);
    const expected = Object.fromEntries(
      employeesFromRoster(roster, certified).map((e) => [
        e.userName,
        {
          role: [describeRole(String(SYSTEM_ROLE_IDS[e.role as SystemRoleName]))],
          ...pick(attributes.get(e.userName.toLowerCase()), MANAGED_KEYS),
          trainingCertified: [certified.has(e.userName.toLowerCase()) ? 'true' : 'false'],
        },
      ]),
    );
    const table = userTable(result.stdout, 'After deploy');
    expect(Object.keys(table).sort()).toEqual(Object.keys(expected).sort());
    for (const [userName, cells] of Object.entries(expected))
      expect({ userName, ...table[userName] }).toEqual({ userName, ...piecesOf(cells) });

    const local = (userName: string) => userName.replace(/@.*/, '');
    const groups: Record<string, string[]> = { 'Training - Certified': [...certified].map(local).sort() };
    for (const row of roster.rows) (groups[`Franchise - ${row.values.franchise}`] ??= []).push(local(row.values.email!));
    for (const members of Object.values(groups)) members.sort();
    expect(groupTable(result.stdout, 'After deploy: Domo directory groups')).toEqual(groups);
  });

  it("prints one progress line per phase on stderr, and keeps cdktf's output in a log file", () => {
    const lines = result.stderr.trimEnd().split('\n');
    const logFile = path.join(workdir, 'cdktf.log');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(
      /^\[1\/4\] Local Domo service on http:\/\/127\.0\.0\.1:\d+\/api\/identity\/v1\/scim: 12 users, 0 groups, from data\/sample-seed\.json \(\d+\.\d s\)$/,
    );
    expect(lines[1]).toBe(`      cdktf's output: ${logFile} (--verbose shows it here)`);
    expect(lines[2]).toMatch(/^\[2\/4\] cdktf synth: the sample stack, 6 managed attribute keys \(\d+\.\d s\)$/);
    expect(lines[3]).toMatch(/^\[3\/4\] cdktf deploy: \d+ added, 0 changed, 0 destroyed \(\d+\.\d s\)$/);
    expect(lines[4]).toMatch(/^\[4\/4\] cdktf plan: no changes \(\d+\.\d s\)$/);
    expect(lines[5]).toBe(`Working directory (state, cdktf.out, cdktf.log): ${workdir}`);
    const log = fs.readFileSync(logFile, 'utf8');
    for (const run of ['$ cdktf synth', '$ cdktf deploy --auto-approve --skip-synth', '$ cdktf plan']) expect(log).toContain(`\n${run}\n`);
    expect(log).toMatch(/Apply complete! Resources: \d+ added, 0 changed, 0 destroyed\./);
    expect(log).toContain('No changes.');
    expect(result.stdout).not.toContain('Synthesizing');
  });

  it('summarizes what the deploy changed: users, roles, attributes, groups, policies, requests', () => {
    const seed = sampleSeed();
    const certified = certifiedEmployees(readCsvFile(path.join(ROOT, 'data', 'training-completions.csv')));
    const roster = parseCsv(sampleRoster(), 'roster.csv');
    const roleChanges = employeesFromRoster(roster, certified).filter(
      (e) => SYSTEM_ROLE_IDS[e.role as SystemRoleName] !== seed.users.find((u) => u.userName === e.userName)?.roleId,
    );
    const groups = new Set([...roster.rows.map((r) => r.values.franchise), 'certified']).size;
    const summary = section(
      result.stdout,
      "What the deploy changed in Domo (the local service's state before and after, and its request log):",
    );
    expect(summary.map((l) => l.slice(0, 14))).toEqual([
      '  users       ',
      '  roles       ',
      '  attributes  ',
      '  groups      ',
      '  policies    ',
      '  requests    ',
    ]);
    expect(summary[0]).toMatch(/^ {2}users {7}12 -> 12: none created; none deleted; /);
    expect(summary[1]).toMatch(new RegExp(`^  roles       ${roleChanges.length} changed: `));
    expect(summary[2]).toMatch(/^ {2}attributes {2}\d+ values changed on 12 users: franchise \d+, storeNumber \d+, region \d+, /);
    expect(summary[3]).toMatch(new RegExp(`^  groups      ${groups} created \\(.+\\); none changed; none deleted$`));
    const franchises = groups - 1;
    expect(summary[4]).toMatch(new RegExp(`^  policies    ${franchises} created \\(Franchise sales: .+\\); none changed; none deleted$`));
    expect(summary[5]).toMatch(/^ {2}requests {4}\d+: GET \d+, PATCH \d+/);
  });

  it('never prints the local token, nor leaves it in the working directory', () => {
    expect(newLocalToken()).toMatch(TOKEN_SHAPE);
    expect(result.stdout).not.toMatch(TOKEN_SHAPE);
    expect(result.stderr).not.toMatch(TOKEN_SHAPE);
    const files = allFiles(workdir);
    expect(files.some((f) => f.endsWith('.tfstate'))).toBe(true);
    for (const file of files)
      expect({ file, match: TOKEN_SHAPE.exec(fs.readFileSync(file).toString('latin1'))?.[0] }).toEqual({ file, match: undefined });
  });
});

/** The lines under a title line, up to the next blank line. */
function section(stdout: string, title: string): string[] {
  const lines = stdout.split('\n');
  const at = lines.indexOf(title);
  if (at < 0) throw new Error(`no "${title}" in the demo's output:\n${stdout}`);
  const end = lines.indexOf('', at);
  return lines.slice(at + 1, end < 0 ? undefined : end);
}

/** A fixed-width user table: cells by userName and column header ("-" is no value). */
function userTable(stdout: string, when: string): Record<string, Cells> {
  const [header, rule, ...rows] = section(stdout, `${when}: Domo users' roles and managed attributes`);
  const columns = [...rule!.matchAll(/-+/g)].map((m, i, all) => ({
    start: m.index,
    end: all[i + 1]?.index,
    name: header!.slice(m.index, m.index + m[0].length).trim(),
  }));
  expect(columns.map((c) => c.name)).toEqual(['userName', 'role', ...KEYS]);
  const table: Record<string, Cells> = {};
  for (const row of rows) {
    const cells = columns.map((c) => row.slice(c.start, c.end).trim());
    table[cells[0]!] = Object.fromEntries(columns.slice(1).map((c, i) => [c.name, cells[i + 1] === '-' ? [] : pieces([cells[i + 1]!])]));
  }
  return table;
}

/** The group table: members' userName local parts by directory name. */
function groupTable(stdout: string, title: string): Record<string, string[]> {
  const lines = section(stdout, title);
  const groups: Record<string, string[]> = {};
  for (let i = 0; i < lines.length; i += 2) {
    const m = /^(.+?)(?: \(shown as ".*"\))?: (\d+) members?$/.exec(lines[i]!);
    if (!m) throw new Error(`unexpected group line "${lines[i]}"`);
    groups[m[1]!] = lines[i + 1]!.trim().split(', ');
    expect(groups[m[1]!]).toHaveLength(Number(m[2]));
  }
  return groups;
}

function allFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}
