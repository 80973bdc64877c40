import type { EngineKind } from '../engine/kind';
import type { ScimConnection } from '../model/kind';
import type { SynthOutput } from '../synth/reader';
import type { IndexedConstruct } from '../synth/index-file';
import type { DriftAdapter } from '../drift/facet';
import type { PlanCheck } from '../plan/checks';
import type { PlanHooks } from '../plan/section';
import type { ExportHooks } from './export';

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
  /** Custom role names it creates: the deploy creates them, so a role given by one of these names need not exist yet. */
  readonly definesRoles?: readonly string[];
  /** It lists and writes directory groups. */
  readonly groups?: boolean;
  /** It reads and writes custom roles and their grants (the grant Manage All Roles). */
  readonly roles?: boolean;
  /** It writes through Domo's public API with the API client (DOMO_CLIENT_ID, DOMO_CLIENT_SECRET, DOMO_API_HOST). */
  readonly publicApi?: boolean;
}

/**
 * One construct kind, whole: its files and triggers, the engine's work for its instances, and
 * what every command does with it. The KINDS table (registry.ts) holds one per kind, so a kind
 * missing a hook does not compile; everything above the kinds is a loop over that table.
 */
export interface KindDefinition extends EngineKind {
  /** The kind's name as synth writes it in the stack index and Terraform passes it to the handler. */
  readonly name: string;
  /** The construct class behind the kind, as people wrote it in their stack. */
  readonly constructClass: string;
  /** Absent where the kind gives users no keys or roles: doctor then does not read its file for them. */
  readonly writes?: (output: SynthOutput, entry: IndexedConstruct) => NamesWritten;
  needs(output: SynthOutput, entry: IndexedConstruct): ConstructNeeds;
  /**
   * What `plan` checks of each of the kind's constructs before it saves anything: what its deploy
   * will need from Domo that Domo lacks (users, groups, datasets). @default - nothing beyond the keys and roles of writes()
   */
  readonly checks?: PlanCheck;
  /** The facet of Domo this kind's constructs feed, as drift compares it; absent: drift does not check the kind. */
  readonly drift?: DriftAdapter;
  /** What plan-summary does with the kind's constructs: sections, warnings, totals, Domo's current values, access. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind's hooks are checked against its own section type
  readonly plan: PlanHooks<any>;
  /** Its part of `domo-identity export`; absent: the kind exports nothing. */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- each kind's hooks are checked against its own options type
  readonly export?: ExportHooks<any>;
}
