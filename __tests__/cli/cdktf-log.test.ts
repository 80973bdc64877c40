import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCounts, CdktfLog, cdktfEntrypoint, planHasNoChanges } from '../../src/cli/cdktf';
import { ROOT } from '../support/roster';

describe('CdktfLog: cdktf run quietly, its output in a file', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdktf-log-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('writes to the file only, unless verbose', () => {
    const shown: string[] = [];
    const stream = { write: (t: string) => shown.push(t) };
    const quiet = new CdktfLog(join(dir, 'sub', 'quiet.log'), { stream });
    quiet.write('Synthesizing\n');
    expect(readFileSync(quiet.file, 'utf8')).toBe('Synthesizing\n');
    expect(shown).toEqual([]);
    const verbose = new CdktfLog(join(dir, 'verbose.log'), { verbose: true, stream });
    verbose.write('Deploying\n');
    expect(shown).toEqual(['Deploying\n']);
    expect(readFileSync(verbose.file, 'utf8')).toBe('Deploying\n');
  });

  it('empties the file when opened, and shows its last lines with text', () => {
    const file = join(dir, 'cdktf.log');
    new CdktfLog(file).write('old run\n');
    const log = new CdktfLog(file);
    log.write('a\n\n  \nb\nc\n');
    expect(log.tail(2)).toBe('b\nc');
    expect(log.tail()).toBe('a\nb\nc');
  });
});

describe("reading cdktf's output", () => {
  it("finds Terraform's apply counts", () => {
    expect(applyCounts('stack  Apply complete! Resources: 29 added, 1 changed, 0 destroyed.\n')).toEqual({
      added: 29,
      changed: 1,
      destroyed: 0,
    });
    expect(applyCounts('Error: boom')).toBeUndefined();
  });

  it('knows a plan without changes', () => {
    expect(planHasNoChanges('stack  No changes. Your infrastructure matches the configuration.')).toBe(true);
    expect(planHasNoChanges('Plan: 1 to add, 0 to change, 0 to destroy.')).toBe(false);
  });
});

describe('cdktfEntrypoint: which cdktf CLI runs a project', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'cdktf-cli-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const fakeCli = (pkg: string, bin: string) => {
    mkdirSync(join(dir, 'node_modules', pkg), { recursive: true });
    writeFileSync(join(dir, 'node_modules', pkg, 'package.json'), JSON.stringify({ name: pkg, bin: { [bin]: 'bin/cli.js' } }));
  };

  it("takes the project's own cdktf-cli, found from a folder below it", () => {
    fakeCli('cdktf-cli', 'cdktf');
    fakeCli('cdktn-cli', 'cdktn');
    mkdirSync(join(dir, 'sub'));
    expect(cdktfEntrypoint(join(dir, 'sub'))).toBe(join(dir, 'node_modules', 'cdktf-cli', 'bin', 'cli.js'));
  });

  it("takes the project's cdktn-cli when it has no cdktf-cli, on Node.js >= 22 only", () => {
    fakeCli('cdktn-cli', 'cdktn');
    if (Number(process.versions.node.split('.')[0]) >= 22) {
      expect(cdktfEntrypoint(dir)).toBe(join(dir, 'node_modules', 'cdktn-cli', 'bin', 'cli.js'));
    } else {
      expect(() => cdktfEntrypoint(dir)).toThrow(
        `cdktn-cli (found at ${join(dir, 'node_modules', 'cdktn-cli')}) needs Node.js >= 22; this is ${process.version}.`,
      );
    }
  });

  it('falls back to the cdktf-cli beside this package', () => {
    expect(cdktfEntrypoint(dir)).toBe(join(ROOT, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf'));
  });
});
