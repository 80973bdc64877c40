import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyCounts, CdktfLog, planHasNoChanges } from '../../src/cli/cdktf';

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
