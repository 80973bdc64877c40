import type { DatasetInfo } from '../domo/api/pdp';
import type { Authority, Role } from '../domo/api/schemas';
import type { IndexedConstruct } from '../synth/index-file';
import type { SynthOutput } from '../synth/reader';

/**
 * Something the deploy will need from Domo that Domo lacks, found by `plan` before it saves
 * anything: a deploy of that plan would fail there. Each names the construct, the user or name,
 * what is missing and how to fix it.
 */
export interface PlanProblem {
  /** `DomoUserAttributes "franchise-identity/FranchiseAttributes"`. */
  readonly construct: string;
  /** `user new.hire@acme.example`, `key storeNumbr`, `role Wizard`, `dataset 7c3e…`. */
  readonly subject: string;
  /** What Domo lacks, in words. */
  readonly missing: string;
  readonly fix: string;
}

/** One problem as a line of a terminal's list. */
export function problemLine(p: PlanProblem): string {
  return `${p.construct}: ${p.subject}: ${p.missing}. Fix: ${p.fix}`;
}

/** Domo as the plan's checks read it, each listing once for every kind (and for the drift check after them). */
export interface PlanDomo {
  /** The userNames Domo lacks and no construct of the stack creates, in the order given, once each. */
  missingUsers(userNames: Iterable<string>): Promise<string[]>;
  /** The directory groups Domo lacks and no construct of the stack creates, in the order given, once each. */
  missingGroups(displayNames: Iterable<string>): Promise<string[]>;
  /** The dataset (undefined: Domo has no dataset of this id); `what` names who needs it, for a missing credential's message. */
  dataset(id: string, what: string): Promise<DatasetInfo | undefined>;
  /** Every grant (authority) of the instance, listed once. */
  grants(): Promise<Authority[]>;
  /** Domo's roles with how many users hold each, listed once. */
  roles(): Promise<Role[]>;
  /** The construct classes that create users and groups Domo lacks (`DomoUsers`), for the advice. */
  readonly creates: { readonly users?: string; readonly groups?: string };
}

/** What a kind's checks get for one construct. */
export interface CheckInput {
  readonly output: SynthOutput;
  readonly entry: IndexedConstruct;
  /** The construct as problems name it: `DomoUsers "users/Users"`. */
  readonly construct: string;
  readonly domo: PlanDomo;
  /**
   * The construct's instances Terraform's state holds (trigger maps by instance key): what was
   * deployed, so a check can see what the change removes; empty on a first deploy. Reading the
   * state needs `terraform init`: a check asks only when it has a use for the answer.
   */
  deployed(): Promise<ReadonlyMap<string, ReadonlyMap<string, string>>>;
}

/** What `plan` checks of one construct before it saves anything: what its deploy will need from Domo that Domo lacks. */
export type PlanCheck = (input: CheckInput) => Promise<PlanProblem[]>;

/** A user the construct names that is neither in Domo nor created by the stack. */
export function missingUser(construct: string, userName: string, as: string, creates: PlanDomo['creates']): PlanProblem {
  const manage = creates.users !== undefined ? `, manage them with ${creates.users} in this stack` : '';
  return {
    construct,
    subject: `user ${userName}`,
    missing: `${as}, is not a Domo user and no construct of this stack creates them`,
    fix: `create the user in Domo${manage}, or remove them from the data`,
  };
}

/** A directory group the construct names that is neither in Domo nor created by the stack. */
export function missingGroup(construct: string, displayName: string, as: string, creates: PlanDomo['creates']): PlanProblem {
  const manage = creates.groups !== undefined ? `, manage it with ${creates.groups} in this stack` : '';
  return {
    construct,
    subject: `group ${displayName}`,
    missing: `${as}, is not a Domo directory group and no construct of this stack creates it`,
    fix: `create the group in Domo${manage}, or remove it from the data`,
  };
}
