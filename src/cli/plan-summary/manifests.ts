import * as fs from 'node:fs';
import * as path from 'node:path';
import { z } from 'zod';
import { CONSTRUCT_FILE, MANIFEST_DIR } from '../../model/manifest';

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
});
export type ConstructManifest = z.infer<typeof ConstructManifest>;

/** Manifests by their folder relative to the stack folder (`domo-identity/<construct>`), as the handler arguments name it. */
export type ConstructManifests = Readonly<Record<string, ConstructManifest>>;

/**
 * Every `<stackDir>/domo-identity/<construct>/construct.json`. A missing folder gives none; an
 * unreadable file is skipped (its construct is then described "per its removal policy").
 */
export function readManifests(stackDir: string): ConstructManifests {
  const root = path.join(stackDir, MANIFEST_DIR);
  if (!fs.existsSync(root)) return {};
  const manifests: Record<string, ConstructManifest> = {};
  for (const entry of fs.readdirSync(root, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    const file = path.join(root, entry.name, CONSTRUCT_FILE);
    if (!fs.existsSync(file)) continue;
    let json: unknown;
    try {
      json = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch {
      continue;
    }
    const parsed = ConstructManifest.safeParse(json);
    if (parsed.success) manifests[`${MANIFEST_DIR}/${entry.name}`] = parsed.data;
  }
  return manifests;
}
