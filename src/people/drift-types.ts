import type { FieldChange, UserFields } from '../engine/planner/user';

/**
 * What the kinds that write users' profiles (DomoUsers: fields and custom attributes;
 * DomoUserAttributes: managed keys) give the people facet, one per construct: users are compared
 * per user across every construct that manages them.
 */
export interface PeopleSet {
  readonly constructPath: string;
  readonly users: readonly DesiredPerson[];
  /** userKey -> the Terraform instance (shard) key holding that user. */
  readonly instanceOf: ReadonlyMap<string, string>;
  /** Keys the construct manages for every user, even with no user at all (their writers). @default - the users' own keys */
  readonly managedKeys?: readonly string[];
  /**
   * Users outside the data who hold what only this construct writes get this removal: `clear`
   * owns the managed keys (their values are cleared), `delete` recognizes former users by a marker
   * key (they are deleted). @default - nobody is reported
   */
  readonly removal?: 'clear' | 'delete';
  /** The construct class when it creates users Domo lacks (`DomoUsers`): a missing user is then creatable. */
  readonly creates?: string;
  /** Whether Terraform's state explains a difference: the value it last deployed is what Domo holds. */
  explained(difference: ValueDifference, deployed: (field: string) => string | undefined): boolean;
}

/** One user as one construct wants them. */
export interface DesiredPerson {
  readonly userName: string;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** The custom attribute keys managed for this user: a key listed here and absent from `attributes` is cleared. */
  readonly keys: readonly string[];
  readonly fields?: PersonFields;
}

/** Domo's users and roles as drift read them, to resolve references (a manager's userName, a role's name) to ids. */
export interface PeopleDirectory {
  userId(userName: string): string | undefined;
  userNameOf(id: string): string | undefined;
  /** A role reference (an id, or a custom role by name) as Domo's id; a name Domo lacks stays as given. */
  roleId(ref: string): string;
}

/** A user's standard fields, resolved against Domo for the planner, and shown to people by name. */
export interface PersonFields {
  /** A custom role is given by name: drift reads Domo's roles. */
  readonly namesRoles: boolean;
  resolve(directory: PeopleDirectory): {
    readonly planner: UserFields;
    /** The change as people read it: the manager as a userName, the role as the code gave it. */
    show(change: FieldChange): { readonly desired: string; readonly live: string };
  };
}

/** One managed value that differs. Attribute values are sorted; field values are as compared. */
export type ValueDifference =
  | {
      readonly construct: string;
      readonly kind: 'attribute';
      readonly key: string;
      readonly desired: readonly string[];
      readonly live: readonly string[];
    }
  | { readonly construct: string; readonly kind: 'field'; readonly key: string; readonly desired: string; readonly live: string };

export interface UserDrift {
  readonly userName: string;
  /** `missing`: no Domo user has this userName; `changed`: some managed value differs. */
  readonly status: 'missing' | 'changed';
  /** Construct paths that manage this user. */
  readonly constructs: readonly string[];
  /** Empty when missing. */
  readonly differences: readonly ValueDifference[];
  /** Missing and managed by a construct that creates users: `domo-identity deploy` creates them. */
  readonly creatable?: boolean;
}

/**
 * A user outside the desired set who still holds what only this stack writes, so the construct's
 * removal policy applies to them (see PeopleSet.removal). A deploy whose state was lost no longer
 * knows them as leavers: this is how `domo-identity deploy` finds them.
 */
export interface OutsiderDrift {
  readonly userName: string;
  /** The construct whose removal policy applies. */
  readonly construct: string;
  /** `clear`: the keys below are cleared; `delete`: the user is deleted from Domo. */
  readonly removal: 'clear' | 'delete';
  /** The keys that show it, with the values Domo holds now (sorted). */
  readonly values: Readonly<Record<string, readonly string[]>>;
}

/** The people facet's part of a drift report. */
export interface PeopleDrift {
  /** Sorted by userName, ignoring case. */
  readonly users: readonly UserDrift[];
  /** Sorted by userName, then construct. */
  readonly outsiders: readonly OutsiderDrift[];
  /** The construct class that creates missing users (`DomoUsers`), for the advice. */
  readonly creator?: string;
}
