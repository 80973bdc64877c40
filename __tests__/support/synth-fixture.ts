import type { ScimConnection } from '../../src/model/kind';
import type { IndexedConstruct } from '../../src/synth/index-file';
import { indexEntry, writeConstructFiles, writeIndex } from '../../src/synth/writer';

/** One construct of a fixture stack: its construct file (without kind, path, scim and version) and instances. */
export interface FixtureConstruct {
  readonly path: string;
  readonly kind: string;
  readonly construct: object;
  readonly instances: ReadonlyMap<string, object>;
}

/**
 * Writes a synthesized stack folder without cdktf, through the same writer synth uses: the
 * construct folders and the index. Returns the index entries.
 */
export function writeFixtureStack(stackDir: string, scim: ScimConnection, constructs: readonly FixtureConstruct[]): IndexedConstruct[] {
  const entries = constructs.map((c) => {
    const manifestDir = `domo-identity/${c.path.replace(/[^A-Za-z0-9_.-]+/g, '.')}`;
    const files = { construct: { kind: c.kind, constructPath: c.path, scim, ...c.construct }, instances: c.instances };
    writeConstructFiles(stackDir, manifestDir, files);
    return indexEntry(
      c.path,
      manifestDir,
      { kind: c.kind, scim, files: () => files },
      { type: 'terraform_data', name: c.path.replace(/\W/g, '_') },
    );
  });
  writeIndex(stackDir, entries);
  return entries;
}
