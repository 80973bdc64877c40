import * as path from 'node:path';
import { ConfigError } from '../../errors';
import type { DesiredByFacet, FacetDesired } from '../../drift/report';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { kindNamed, type ScimConnection } from '../../model/kind';
import { SynthOutput } from '../../synth/reader';

export interface LoadedDesiredState {
  /** By facet, in the order of the kinds that feed them. */
  readonly desired: DesiredByFacet;
  /** The SCIM connection every construct file names; undefined when no construct is checked. */
  readonly scim?: ScimConnection;
  /** Construct folders whose kind drift does not check (custom attribute definitions). */
  readonly skipped: readonly string[];
}

/**
 * The desired state of a synthesized stack, read through the one reader of the synth output, each
 * construct given to the facet its kind feeds. Every file is validated; a broken one is a
 * ConfigError naming the file.
 */
export function loadDesiredState(stackDir: string, kinds: readonly KindDefinition[] = KINDS): LoadedDesiredState {
  const output = SynthOutput.open(stackDir);
  const byFacet = new Map<string, { facet: FacetDesired['facet']; sets: unknown[] }>();
  const skipped: string[] = [];
  const checked: Array<{ path: string; scim: ScimConnection }> = [];
  for (const entry of output.constructs) {
    const adapter = kindNamed(kinds, entry.kind).drift;
    if (!adapter) {
      skipped.push(path.join(stackDir, entry.manifestDir));
      continue;
    }
    let part = byFacet.get(adapter.facet.id);
    if (!part) byFacet.set(adapter.facet.id, (part = { facet: adapter.facet, sets: [] }));
    part.sets.push(adapter.desired(output, entry));
    checked.push(entry);
  }
  const first = checked[0];
  const other = checked.find((c) => c.scim.url !== first?.scim.url);
  if (first && other) {
    throw new ConfigError(
      `the constructs target different SCIM roots (${first.scim.url} in ${first.path}, ${other.scim.url} in ${other.path}); drift checks one Domo instance at a time`,
    );
  }
  return { desired: inKindOrder(byFacet, kinds), ...(first ? { scim: first.scim } : {}), skipped };
}

/** Facets in the order of the first kind that feeds each, so reports read the same whatever the construct order. */
function inKindOrder(byFacet: ReadonlyMap<string, FacetDesired>, kinds: readonly KindDefinition[]): DesiredByFacet {
  const order = kinds.map((k) => k.drift?.facet.id);
  return new Map([...byFacet].sort(([a], [b]) => order.indexOf(a) - order.indexOf(b)));
}
