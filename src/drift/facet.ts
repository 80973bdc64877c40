import type { ScimGroup, ScimUser } from '../domo/scim/schemas';
import type { IndexedConstruct } from '../synth/index-file';
import type { SynthOutput } from '../synth/reader';
import type { LayoutSection } from '../report/layout';
import type { LiveReads } from './live-reads';

/**
 * A facet is one part of Domo that constructs manage, as drift reads and compares it: user
 * profiles (which DomoUsers and DomoUserAttributes constructs both write, each its own fields and
 * keys, compared per user across them), directory groups, PDP policies. Kinds say which facet
 * their constructs feed and how; drift, deploy's repairs and the plan's repairs section are loops
 * over the facets of a stack.
 *
 * `S` is one construct's desired state as the facet compares it, `L` what the facet reads of Domo,
 * `R` its part of the report.
 */
export interface DriftFacet<S, L, R> {
  /** The facet's name, and its field(s) in `drift --json`: `users`, `groups`, `policies`. */
  readonly id: string;
  /** Reads what the facet needs of Domo for these constructs, through the stack's shared reads. */
  read(sets: readonly S[], reads: LiveReads): Promise<L>;
  /** Desired against live: pure; the facet asks the same planner the deploy uses. */
  compare(sets: readonly S[], live: L, context: DriftContext): R;
  inSync(report: R): boolean;
  /**
   * The differences the code's own changes do not explain: where Domo still holds what Terraform's
   * state says was last deployed, the plan changes it anyway, so only the rest is a repair.
   */
  outsideTheCode(report: R, deployed: Deployed, sets: readonly S[]): R;
  /** The instances to replace so that their create steps repair the report. */
  repairTargets(report: R, sets: readonly S[]): RepairTarget[];
  /** The report as `drift --json` shows it: one or more fields of the document. */
  json(report: R): Record<string, unknown>;
  /** What differs, counted for the one-line summary, and notes after it. */
  summary(report: R): DriftSummary;
  /** One block per identity, for people at a terminal. */
  text(report: R): string[];
  /** Sections (a heading and a table, one row per difference) for a pull request; none when nothing differs. */
  markdown(report: R): LayoutSection[];
  /**
   * The rows of the plan's Repairs table (`| Repaired | In Domo now → after the deploy | Why |`)
   * for the constructs `only` passes, Domo's value first.
   */
  repairRows(report: R, only: (constructPath: string) => boolean): string[];
  /**
   * A value the stack manages that Domo holds already (`jane@acme.com holds franchise`), or
   * undefined: with no instance of the stack in Terraform's state, it tells a lost state from a
   * first deploy. @default - the facet never tells
   */
  managedExample?(sets: readonly S[], live: SharedLive): string | undefined;
  /**
   * Identities outside the data that a removal policy covers, each given to an instance whose
   * create step removes it (one already among `targets` if there is one); `report` keeps only the
   * ones given. @default - there are none
   */
  assignOutsiders?(report: R, sets: readonly S[], assign: OutsiderAssignment): AssignedOutsiders<R>;
}

/** What the stack's kinds create where Domo lacks it, by the construct class that does: advice names it. */
export interface DriftContext {
  readonly creates: { readonly users?: string; readonly groups?: string };
}

export interface OutsiderAssignment {
  readonly targets: readonly RepairTarget[];
  /** What the state holds: identities it still lists are removed by their old instance's destroy step already. */
  readonly deployed: Deployed;
  /** Whether a construct is repaired at all (`--only`). */
  only(constructPath: string): boolean;
}

export interface AssignedOutsiders<R> {
  readonly report: R;
  readonly repairs: ReadonlyArray<RepairTarget & { readonly userNames: readonly string[] }>;
  /** Outsiders no instance can repair (their construct has no instance), for a warning. */
  readonly unassigned: ReadonlyArray<{ readonly userName: string; readonly construct: string }>;
}

/** `[2, 'user']` in "2 users and 1 group differ"; notes follow after a semicolon. */
export interface DriftSummary {
  readonly differ: ReadonlyArray<{ readonly count: number; readonly one: string; readonly many?: string }>;
  readonly notes?: readonly string[];
}

/** How a kind's constructs feed a facet: the facet, and one construct's desired state as it compares it. */
export interface DriftAdapter<S = unknown> {
  readonly facet: DriftFacet<S, unknown, unknown>;
  desired(output: SynthOutput, entry: IndexedConstruct): S;
}

/** What Terraform's state says was deployed: the trigger maps of a construct's instances (tainted ones left out). */
export interface Deployed {
  /** One instance's trigger map; undefined when the state does not hold it. */
  instance(constructPath: string, key: string): ReadonlyMap<string, string> | undefined;
  /** Every instance of the construct in the state, by key. */
  instances(constructPath: string): ReadonlyMap<string, ReadonlyMap<string, string>>;
}

/** One Terraform instance whose create step would bring Domo back to the desired state. */
export interface RepairTarget {
  readonly constructPath: string;
  /** The `for_each` key: a shard, a group's displayName, a dataset id. */
  readonly instanceKey: string;
}

/** Domo as the stack's drift check read it: what the plan shows as the old side of new instances. */
export interface SharedLive {
  /** Every user with every attribute; empty when no facet needed them. */
  readonly users: readonly ScimUser[];
  /** The desired groups Domo has, with their members. */
  readonly groups: readonly ScimGroup[];
}
