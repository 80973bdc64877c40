import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { workDir } from '../run-lock';

/*
 * What tells "never deployed" from "state lost". Domo cannot: after `domo-identity export` a
 * project that never deployed finds Domo holding exactly its values, as a deployed one does, and
 * Domo has no place for a mark of its own that this package could write without touching the
 * identities it manages. So the project folder remembers: `.domo-identity/deployed/<stack>.json`
 * is written after every completed apply and whenever a run finds the stack in Terraform's state.
 * A state holding none of the stack beside such a record is a lost state; without one it is a
 * first deploy. The record lives where the runs happen: a laptop, or a CI runner that keeps its
 * workspace; a fresh CI checkout has none, and there the plan's summary says, on its first line,
 * that the state is empty while Domo holds managed values (see firstDeployNote).
 */

const DeployMarker = z.object({
  stack: z.string(),
  /** ISO time of the apply, or of the run that found the stack in the state. */
  seenAt: z.string(),
  /** Instances of the stack in the state then (undefined right after an apply). */
  instances: z.number().int().optional(),
  /** ISO time of the last completed apply from this folder (kept when a later run only finds the stack in the state). */
  appliedAt: z.string().optional(),
});
export type DeployMarker = z.infer<typeof DeployMarker>;

/** `.domo-identity/deployed/<stack>.json` of a project folder. */
export function deployMarkerFile(projectDir: string, stack: string): string {
  return path.join(workDir(projectDir), 'deployed', `${encodeURIComponent(stack)}.json`);
}

/** The record of a stack, or undefined when there is none (or it is not one: a hand-edited file counts as none). */
export function readDeployMarker(projectDir: string, stack: string): DeployMarker | undefined {
  try {
    const parsed = DeployMarker.safeParse(JSON.parse(fs.readFileSync(deployMarkerFile(projectDir, stack), 'utf8')));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Records that `stack` is deployed from this project folder: found in the state (`instances`), or applied (undefined). */
export function writeDeployMarker(projectDir: string, stack: string, instances?: number): void {
  const file = deployMarkerFile(projectDir, stack);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const seenAt = new Date().toISOString();
  const appliedAt = instances === undefined ? seenAt : readDeployMarker(projectDir, stack)?.appliedAt;
  const marker: DeployMarker = {
    stack,
    seenAt,
    ...(instances !== undefined ? { instances } : {}),
    ...(appliedAt !== undefined ? { appliedAt } : {}),
  };
  fs.writeFileSync(file, `${JSON.stringify(marker, null, 2)}\n`);
}
