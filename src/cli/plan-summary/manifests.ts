import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { MANIFEST_DIR } from '../../model/layout';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { kindNamed } from '../../model/kind';
import { INDEX_FILE } from '../../synth/index-file';
import { SynthOutput } from '../../synth/reader';

/**
 * What the summary reads from a construct's `construct.json` (written at synth next to the
 * plan): the settings the plan itself does not carry.
 */
export const ConstructManifest = z.object({
  kind: z.string().optional(),
  /** e.g. `franchise-identity/FranchiseAttributes`. */
  constructPath: z.string().optional(),
  /** user-attributes: clear | retain; users, directory-groups, custom-attributes: retain | delete. */
  removalPolicy: z.string().optional(),
  /** directory-groups: authoritative | additive. */
  membership: z.string().optional(),
  /** Most users one change may take from (the mass-removal guard). */
  maxUsersRemoved: z.number().optional(),
});
export type ConstructManifest = z.infer<typeof ConstructManifest>;

/** Manifests by their folder relative to the stack folder (`domo-identity/<construct>`), as the handler arguments name it. */
export type ConstructManifests = Readonly<Record<string, ConstructManifest>>;

/**
 * Every construct of the synthesized stack with the settings the plan does not carry, through
 * the one reader of the synth output. A stack folder without this package's index gives none
 * (a plan of another project); a broken file is an error naming it.
 */
export function readManifests(stackDir: string, kinds: readonly KindDefinition[] = KINDS): ConstructManifests {
  if (!fs.existsSync(path.join(stackDir, MANIFEST_DIR, INDEX_FILE))) return {};
  const output = SynthOutput.open(stackDir);
  const manifests: Record<string, ConstructManifest> = {};
  for (const entry of output.constructs) {
    const file = output.constructFile(entry, kindNamed(kinds, entry.kind).manifest);
    const { removalPolicy, membership, maxUsersRemoved } = file;
    manifests[entry.manifestDir] = {
      kind: entry.kind,
      constructPath: entry.path,
      ...(typeof removalPolicy === 'string' ? { removalPolicy } : {}),
      ...(typeof membership === 'string' ? { membership } : {}),
      ...(typeof maxUsersRemoved === 'number' ? { maxUsersRemoved } : {}),
    };
  }
  return manifests;
}
