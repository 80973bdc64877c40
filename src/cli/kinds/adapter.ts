import type { ScimConnection } from '../../kinds/kind';
import type { SynthOutput } from '../../synth/reader';
import type { IndexedConstruct } from '../../synth/index-file';
import type { DesiredSets } from '../drift/desired-state';
import type { AccessInput } from '../plan-summary/access-input';
import type { ConstructChanges, Section } from '../plan-summary/analyze';
import type { ConstructManifest } from '../plan-summary/manifests';
import type { ResourceBlock } from '../plan-summary/plan-json';

/** The custom attribute keys and role ids a construct gives users: doctor checks that Domo has them. */
export interface NamesWritten {
  readonly keys: readonly string[];
  readonly roles: readonly string[];
}

/** What preflight checks for one construct besides the names it writes. */
export interface ConstructNeeds {
  /** The SCIM root to check the token at; definitions give none, so a stack of only definitions has nothing to preflight. */
  readonly scim?: ScimConnection;
  /** Keys it defines: the deploy creates them before any construct writes them. */
  readonly defines?: readonly string[];
  /** It lists and writes directory groups. */
  readonly groups?: boolean;
}

/**
 * The CLI's behaviour for one construct kind. The table of them is keyed by every KindName, so a
 * new kind does not compile until it says what doctor, drift and plan-summary do with it.
 */
export interface CliKind {
  /** The construct class behind the kind, as people wrote it in their stack. */
  readonly constructClass: string;
  /** Absent where the kind gives users no keys or roles: doctor then does not read its file for them. */
  readonly writes?: (output: SynthOutput, entry: IndexedConstruct) => NamesWritten;
  needs(output: SynthOutput, entry: IndexedConstruct): ConstructNeeds;
  /** Adds the construct's desired state to what drift compares; absent: drift does not check the kind. */
  readonly addDesired?: (output: SynthOutput, entry: IndexedConstruct, into: DesiredSets) => void;
  /** The plan-summary section of a construct with changes. */
  planSection(changes: ConstructChanges): Section;
  /** Adds what the construct means for who sees which rows (plan-summary's access changes); absent: nothing. */
  readonly collectAccess?: (block: ResourceBlock, manifest: ConstructManifest | undefined, into: AccessInput) => void;
}
