import type { ScimGroup, ScimUser } from '../domo/scim/schemas';
import type { LayoutSection } from '../report/layout';
import type { InstanceChange, ResourceBlock, Triggers } from './plan-json';

/** One value that changes. `undefined` is a key absent from the trigger map. */
export interface ValueChange {
  readonly key: string;
  readonly before?: string;
  readonly after?: string;
}

/** What the summary reads from a construct's file (written at synth next to the plan): the settings the plan does not carry. */
export interface ConstructManifest {
  readonly kind?: string;
  /** e.g. `franchise-identity/FranchiseAttributes`. */
  readonly constructPath?: string;
  readonly removalPolicy?: string;
  /** directory groups: authoritative | additive. */
  readonly membership?: string;
  /** Most users one change may clear, delete or remove from groups or policies (the construct's `maxUsersRemoved`). */
  readonly maxUsersRemoved?: number;
}

/** Manifests by their folder relative to the stack folder (`domo-identity/<construct>`), as the handler arguments name it. */
export type ConstructManifests = Readonly<Record<string, ConstructManifest>>;

export interface ConstructInfo {
  /** The logical id without its hash: `FranchiseAttributes_624F6D4C` -> `FranchiseAttributes`. */
  readonly label: string;
  readonly address: string;
  readonly constructPath?: string;
  /** From the construct's manifest; undefined when it could not be read. */
  readonly removalPolicy?: string;
  /** Instances replaced although no value changes in Domo: their handlers run again and write nothing. */
  readonly reruns: number;
  /** Instances new to Terraform whose old side is what Domo holds now. */
  readonly fromDomo: number;
  /** Tainted instances (last apply failed or interrupted), run again whole, whose old side is what Domo holds now, and that write something. */
  readonly rerunFromDomo: number;
  /** Tainted instances run again whole whose kind reads nothing from Domo for the summary: what they write is not shown. */
  readonly rerunUnread: number;
  /** Instances replaced on request to repair drift: the Repairs section shows what they write. */
  readonly repairs: number;
}

/** A construct's part of the plan summary: its kind's own analysis of the changes, with what every section has. */
export interface PlanSection extends ConstructInfo {
  readonly kind: string;
}

/** A construct's resource block in the plan, with its manifest when it was read. */
export interface ConstructBlock {
  readonly block: ResourceBlock;
  readonly manifest?: ConstructManifest;
}

/** One construct with changes, as its kind's section() gets it. */
export interface ConstructChanges {
  /** Every instance of the construct, changed or not. */
  readonly instances: readonly InstanceChange[];
  readonly changed: readonly InstanceChange[];
  readonly manifest?: ConstructManifest;
  readonly info: (reruns: number) => ConstructInfo;
}

/** One warning line; `count` is how many risky changes it stands for (a summary line stands for several). */
export interface Warning {
  readonly text: string;
  readonly count: number;
}

/**
 * How risky changes are ordered in the summary, most dangerous first, whatever kind reports them:
 * writes that will fail (a plan saved with --allow-failures), privileged roles, users deleted or cleared, definitions deleted, group changes, values cleared,
 * policies deleted, then access lost or gained.
 */
export const WARNING_RANK = {
  failures: -1,
  privilege: 0,
  removal: 1,
  definitions: 2,
  groups: 3,
  clears: 4,
  policies: 5,
  access: 6,
} as const;

export interface RankedWarning extends Warning {
  readonly rank: number;
}

/** One part of the totals line, which several kinds can share (users are counted once however many constructs change them). */
export interface TotalsPart<S extends PlanSection = PlanSection> {
  readonly id: string;
  /** Where the part stands in the totals line (lower first): users, then groups, definitions, policies. */
  readonly order: number;
  /** The part's phrases (`3 users changed, …`, `groups: 1 created, …`) from every section that counts into it; none to leave it out. */
  phrases(sections: readonly S[]): string[];
}

/** Group memberships and roles as a plan has them before and after: what access analyses need of other kinds. */
export interface AccessFacts {
  /** By groupKey: members (userKey -> userName) before and after; null where the group does not exist on that side. */
  readonly groups: Map<string, { displayName: string; before: Map<string, string> | null; after: Map<string, string> | null }>;
  /**
   * By userKey: the role of each user whose role the stack manages, before and after, as the plan
   * shows it (`Participant (4)`, `Franchise Manager (custom role)`); null where the user has none on that side.
   */
  readonly roles: Map<string, { userName: string; before: string | null; after: string | null }>;
  /** Domo's title of each grant id (`dataset.export` → `Export Data`), as the plan's checks listed them; absent where the summary read no Domo. */
  readonly grantTitles?: ReadonlyMap<string, string>;
}

/** What one kind says about who gains or loses access through a plan. */
export interface AccessAnalysis {
  readonly section?: LayoutSection;
  readonly warnings: readonly RankedWarning[];
}

/** The users a construct's change clears, deletes or removes from groups or policies, for the mass-removal guard. */
export interface UserRemovals {
  /** The construct's users before the change. */
  readonly users: number;
  /** userNames whose managed values are cleared, who are deleted, or who leave a group or policy. */
  readonly removed: readonly string[];
}

/** What plan-summary does with one kind. */
export interface PlanHooks<S extends PlanSection = PlanSection> {
  /** Whether a trigger map's keys look like this kind's (plans without the handler arguments). */
  recognize(keys: ReadonlySet<string>): boolean;
  /** The construct's section, from its instances' trigger maps. */
  section(changes: ConstructChanges): S;
  /** Its heading and blocks, for the layout. */
  render(section: S): LayoutSection;
  warnings(section: S): RankedWarning[];
  readonly totals: TotalsPart<S>;
  /**
   * What Domo holds now as the old side of an instance the deploy reconciles: one new to Terraform
   * (`old` undefined), or one it runs again (`old`: the state's trigger map, and whether the deploy
   * reconciles the instance whole or only the identities whose triggers changed, whose old values
   * then come from Domo while the rest keep the state's). null when Domo has none of it.
   */
  current?(after: Triggers, live: CurrentIndex, old?: OldSide): Triggers | null;
  /** Adds what the construct's instances say of memberships, for access analyses. */
  facts?(construct: ConstructBlock, into: AccessFacts): void;
  /** Who gains or loses access through this kind's constructs of the plan. */
  access?(constructs: readonly ConstructBlock[], facts: AccessFacts): AccessAnalysis;
  /** The users the change takes something from; absent where the kind manages no users. */
  removals?(section: S, changes: ConstructChanges): UserRemovals;
}

/** A replaced instance's old side as Terraform's state has it, and how the deploy reconciles it. */
export interface OldSide {
  readonly before: Triggers;
  /** Whole (tainted, repaired, no data change), or only what changed (reconciledWhole). */
  readonly whole: boolean;
}

/** Domo as the drift check read it, indexed for current(). */
export interface CurrentIndex {
  /** By userKey. */
  readonly users: ReadonlyMap<string, ScimUser>;
  readonly userNameOfId: ReadonlyMap<string, string>;
  /** The desired groups Domo has, by groupKey. */
  readonly groups: ReadonlyMap<string, ScimGroup>;
}
