import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../../errors';
import { MANIFEST_DIR } from '../../model/layout';
import { INDEX_FILE } from '../../synth/index-file';
import { SynthOutput } from '../../synth/reader';
import { subdirectories } from '../folders';
import { workDir } from '../run-lock';
import type { RunContext } from './run';

/** The synthesized stack a run works on. */
export interface SynthesizedStack {
  readonly name: string;
  /** `cdktf.out/stacks/<name>`: Terraform's working directory. */
  readonly stackDir: string;
  readonly output: SynthOutput;
}

/**
 * `cdktf synth` into a staging folder (`.domo-identity/synth`), then swapped into `cdktf.out`:
 * the stack's `domo-identity/` folder is replaced by one rename, and each file synth writes
 * (`cdk.tf.json`, …) by a rename of its own; everything else in the stack folder (`.terraform`,
 * a plan file, a state file a project keeps there) stays. A failed synth leaves `cdktf.out` as it
 * was, and nothing ever reads a half-written one. Runs under the project's run lock, so no other
 * `domo-identity` run reads or applies from `cdktf.out` meanwhile.
 */
export async function synthesize(ctx: RunContext, stack?: string): Promise<SynthesizedStack> {
  const staging = path.join(workDir(ctx.projectDir), 'synth');
  fs.rmSync(staging, { recursive: true, force: true });
  await ctx.log.synth({ cwd: ctx.projectDir, env: ctx.env, output: staging, signal: ctx.interrupts.signal });
  ctx.interrupts.check('during synth');
  const outDir = path.join(ctx.projectDir, 'cdktf.out');
  const synthesized = subdirectories(path.join(staging, 'stacks'));
  swapInto(staging, outDir);
  fs.rmSync(staging, { recursive: true, force: true });
  return pickStack(path.join(outDir, 'stacks'), synthesized, stack);
}

/** Moves what synth wrote in `staging` into `outDir`, keeping what synth does not write. */
export function swapInto(staging: string, outDir: string): void {
  fs.mkdirSync(path.join(outDir, 'stacks'), { recursive: true });
  for (const entry of fs.readdirSync(staging, { withFileTypes: true })) {
    if (entry.isFile()) fs.renameSync(path.join(staging, entry.name), path.join(outDir, entry.name));
  }
  for (const stack of subdirectories(path.join(staging, 'stacks'))) {
    const from = path.join(staging, 'stacks', stack);
    const to = path.join(outDir, 'stacks', stack);
    if (!fs.existsSync(to)) {
      fs.renameSync(from, to);
      continue;
    }
    for (const entry of fs.readdirSync(from, { withFileTypes: true })) {
      const source = path.join(from, entry.name);
      const target = path.join(to, entry.name);
      if (entry.isDirectory() && fs.existsSync(target)) {
        const old = path.join(to, `.${entry.name}.old-${process.pid}`);
        fs.rmSync(old, { recursive: true, force: true });
        fs.renameSync(target, old);
        fs.renameSync(source, target);
        fs.rmSync(old, { recursive: true, force: true });
      } else {
        fs.renameSync(source, target);
      }
    }
  }
}

/** The stack this synth made that holds constructs of this package: the only one, or the one named. */
function pickStack(stacksDir: string, synthesized: readonly string[], wanted: string | undefined): SynthesizedStack {
  const candidates = synthesized.filter((s) => fs.existsSync(path.join(stacksDir, s, MANIFEST_DIR, INDEX_FILE)));
  if (wanted !== undefined) {
    if (!candidates.includes(wanted)) {
      throw new ConfigError(
        `--stack ${wanted}: the app synthesized no stack of that name with constructs of this package (it has: ${candidates.join(', ') || 'none'})`,
      );
    }
    return open(stacksDir, wanted);
  }
  if (candidates.length === 1) return open(stacksDir, candidates[0]!);
  if (candidates.length === 0) throw new ConfigError(`the app synthesized no stack with constructs of this package in ${stacksDir}`);
  throw new ConfigError(`the app synthesized ${candidates.length} stacks (${candidates.join(', ')}): pass --stack with the one to use`);
}

function open(stacksDir: string, name: string): SynthesizedStack {
  const stackDir = path.join(stacksDir, name);
  return { name, stackDir, output: SynthOutput.open(stackDir) };
}
