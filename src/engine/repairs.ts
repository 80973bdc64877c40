import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { MANIFEST_DIR } from '../model/layout';
import type { Work } from './protocol';

/**
 * `<stack folder>/domo-identity/repairs.json`, written by `domo-identity deploy` (or `reconcile`)
 * before it applies a plan that replaces instances to repair drift: which instances must be
 * reconciled whole (the ones replaced by request, not by a data change), and which users outside
 * the desired state still hold what only this stack writes (a lost state forgot them) and must
 * get the removal policy, handled by the named instance's create step.
 */
export const REPAIRS_FILE = 'repairs.json';

export const Repairs = z.object({
  /** Every instance is reconciled whole (`domo-identity reconcile`). */
  all: z.boolean().optional(),
  instances: z
    .array(
      z.object({
        manifestDir: z.string(),
        key: z.string(),
        /** userNames outside the desired state to apply the construct's removal policy to. */
        remove: z.array(z.string()).optional(),
      }),
    )
    .optional(),
});
export type Repairs = z.infer<typeof Repairs>;

export interface InstanceRepair {
  /** Reconcile every identity of the instance, not only what the plan changed. */
  readonly whole: boolean;
  /** Users outside the desired state to apply the removal policy to. */
  readonly remove: readonly string[];
}

const NONE: InstanceRepair = { whole: false, remove: [] };

/** Reads the repairs of a deploy once; a broken file can only make the deploy do more: everything whole. */
export function readRepairs(stackDir: string): Repairs | undefined {
  const file = path.join(stackDir, MANIFEST_DIR, REPAIRS_FILE);
  if (!fs.existsSync(file)) return undefined;
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { all: true };
  }
  const parsed = Repairs.safeParse(raw);
  return parsed.success ? parsed.data : { all: true };
}

export function repairOf(repairs: Repairs | undefined, work: Work): InstanceRepair {
  if (!repairs) return NONE;
  const entry = repairs.instances?.find((i) => i.manifestDir === work.manifestDir && i.key === work.key);
  return { whole: repairs.all === true || entry !== undefined, remove: entry?.remove ?? [] };
}

/** Writes the repairs for the apply that follows (atomically), or removes a stale file when there are none. */
export function writeRepairs(stackDir: string, repairs: Repairs | undefined): void {
  const file = path.join(stackDir, MANIFEST_DIR, REPAIRS_FILE);
  if (!repairs) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}`;
  fs.writeFileSync(tmp, JSON.stringify(repairs));
  fs.renameSync(tmp, file);
}
