import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import type { SynthOutput } from '../../synth/reader';
import type { Deployed, SharedLive } from '../../drift/facet';
import type { DesiredByFacet } from '../../drift/report';
import { shellQuote } from '../run-lock';

const StateResource = z.object({
  mode: z.string().optional(),
  type: z.string(),
  name: z.string(),
  index: z.union([z.string(), z.number()]).optional(),
  values: z.record(z.string(), z.unknown()).optional(),
  tainted: z.boolean().optional(),
});
const StateJson = z.object({
  values: z.object({ root_module: z.object({ resources: z.array(StateResource).optional() }).optional() }).optional(),
});

/** What Terraform's state holds of this package's constructs (`terraform show -json`, no plan file). */
export interface StackState {
  /** Resource instances of any kind in the state. */
  readonly resources: number;
  /** Instances of this package's constructs. */
  readonly instances: number;
  /** The trigger maps the state holds: what was deployed (tainted instances left out). */
  readonly deployed: Deployed;
}

/** Reads the output of `terraform show -json` (state) against the stack's constructs. */
export function readStackState(stateJson: unknown, output: SynthOutput): StackState {
  const parsed = StateJson.safeParse(stateJson);
  if (!parsed.success) throw new Error(`terraform show -json did not describe a state:\n${z.prettifyError(parsed.error)}`);
  const resources = (parsed.data.values?.root_module?.resources ?? []).filter((r) => r.mode === undefined || r.mode === 'managed');
  const byInstance = new Map<string, Map<string, Map<string, string>>>();
  let instances = 0;
  for (const r of resources) {
    const construct = output.byResource(r.type, r.name);
    if (!construct) continue;
    instances++;
    if (r.tainted) continue; // a tainted instance's destroy step never runs (docs/design.md)
    const triggers = (r.values?.['triggers_replace'] ?? r.values?.['triggers']) as Record<string, unknown> | null | undefined;
    const own = new Map<string, string>();
    for (const [key, value] of Object.entries(triggers ?? {})) if (typeof value === 'string') own.set(key, value);
    let ofConstruct = byInstance.get(construct.path);
    if (!ofConstruct) byInstance.set(construct.path, (ofConstruct = new Map()));
    ofConstruct.set(String(r.index), own);
  }
  const deployed: Deployed = {
    instance: (constructPath, key) => byInstance.get(constructPath)?.get(key),
    instances: (constructPath) => byInstance.get(constructPath) ?? new Map(),
  };
  return { resources: resources.length, instances, deployed };
}

/** The state file of the local backend (cdktf's default) and Terraform's backup beside it; undefined for other backends. */
export function localStateFiles(stackDir: string): { state: string; backup: string } | undefined {
  let config: { terraform?: { backend?: Record<string, { path?: string; workspace_dir?: string }> } };
  try {
    config = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf8'));
  } catch {
    return undefined;
  }
  const backends = config.terraform?.backend ?? {};
  const names = Object.keys(backends);
  if (names.length > 0 && !(names.length === 1 && names[0] === 'local')) return undefined;
  const state = path.resolve(stackDir, backends['local']?.path ?? 'terraform.tfstate');
  return { state, backup: `${state}.backup` };
}

/** The state looks lost or truncated: refused unless --allow-empty-state. Exit code 1. */
export class SuspiciousStateError extends Error {
  override readonly name = 'SuspiciousStateError';
}

export interface StateCheck {
  readonly stackDir: string;
  readonly state: StackState;
  readonly desired: DesiredByFacet;
  /** Domo as the drift check read it; without it only the state files are checked. */
  readonly live?: SharedLive;
  /** The project folder's record that the stack was deployed (deploy-marker.ts), and where it is. */
  readonly marker?: { readonly seenAt: string; readonly file: string };
}

/**
 * Refuses to plan on a state that is lost, before anything is planned, on evidence that the stack
 * was deployed (deploy-marker.ts says why Domo alone cannot tell):
 * - the local state file is missing or empty (0 bytes: what a killed `terraform apply` can leave)
 *   while Terraform's backup beside it holds resources: the message is the exact command that
 *   restores it;
 * - the state holds none of the stack's instances while the project folder records a deploy of
 *   it: the message names that record, what Domo holds of the stack's values, and how to restore.
 * A state holding none of the stack without such evidence is a first deploy: it plans, and the
 * returned note (for the summary's first line) says when Domo already holds managed values.
 * `--allow-empty-state` skips the refusals; the deploy then reconciles every instance and applies
 * the removal policy to the users outside the data that drift finds.
 */
export function checkState(check: StateCheck): { note?: string } {
  const files = localStateFiles(check.stackDir);
  if (files && isEmptyFile(files.state)) {
    const backup = resourcesIn(files.backup);
    if (backup > 0) {
      const missing = !fs.existsSync(files.state);
      throw new SuspiciousStateError(
        `the state file ${files.state} is ${missing ? 'missing' : 'empty (0 bytes)'}, but Terraform's backup beside it holds ${backup} resource instance${backup === 1 ? '' : 's'}: ` +
          `an apply was probably killed while it wrote the state. Restore the backup, then run again:\n\n` +
          `  cp ${shellQuote(files.backup)} ${shellQuote(files.state)}\n\n` +
          `(If the state was emptied on purpose, pass --allow-empty-state: every instance is then created anew and reconciled whole.)`,
      );
    }
  }
  if (check.state.instances > 0) return {};
  const example = check.live ? managedValueExample(check.desired, check.live) : undefined;
  const domo = example ? `Domo holds values the stack manages (${example})` : 'Domo holds none of the values the stack manages';
  if (check.marker) {
    throw new SuspiciousStateError(
      `the state is lost: Terraform's state holds none of this stack's instances${check.state.resources > 0 ? '' : ' (it is empty)'}, but this project deployed the stack ` +
        `(${check.marker.file} records it, ${check.marker.seenAt}), and ${domo}. ` +
        `Restore the state from your backend's history (a versioned bucket's earlier object, HCP Terraform's state versions, a database backup${files ? `; the local state file is ${shellQuote(files.state)}` : ''}) and run again. ` +
        `If the state was dropped on purpose, pass --allow-empty-state: every instance is then created and reconciled whole, ` +
        `and users outside the data lose what only this stack writes (per its removal policy).`,
    );
  }
  if (!example) return {};
  return {
    note:
      `First deploy of this stack: Terraform's state holds none of its instances, and ${domo}. ` +
      `Expected when the values were adopted with domo-identity export or set by hand; if this stack was deployed before, its state is lost: do not apply, restore the state.`,
  };
}

function isEmptyFile(file: string): boolean {
  try {
    return fs.readFileSync(file, 'utf8').trim() === '';
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ENOENT';
  }
}

/** Resource instances in a state file (0 when it is missing or not a state). */
function resourcesIn(file: string): number {
  try {
    const state = JSON.parse(fs.readFileSync(file, 'utf8')) as { resources?: Array<{ instances?: unknown[] }> };
    return (state.resources ?? []).reduce((sum, r) => sum + (r.instances?.length ?? 0), 0);
  } catch {
    return 0;
  }
}

/** `jane@acme.com holds franchise`: a managed value Domo holds now, or undefined when it holds none. */
export function managedValueExample(desired: DesiredByFacet, live: SharedLive): string | undefined {
  for (const { facet, sets } of desired.values()) {
    const example = facet.managedExample?.(sets, live);
    if (example !== undefined) return example;
  }
  return undefined;
}
