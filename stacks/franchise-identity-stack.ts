import type { Construct } from 'constructs';
import { TerraformStack } from '../src/cdk';
import {
  DomoDirectoryGroup,
  DomoDirectoryGroups,
  DomoGovernancePolicy,
  DomoPdpPolicies,
  DomoUserAttributes,
  DomoUsers,
  Sharding,
  type BackingResource,
  type ScimTarget,
} from '../src';
import type { Dataset } from '../src/sources';
import { certifiedEmployees, PASSING_SCORE, REQUIRED_COURSES } from './rules/training';
import { employeesFromRoster } from './rules/employees';
import { deriveGroups, derivePolicies, mapUserAttributes, userKey, type AttributeMapping, type MembershipMode } from '../src';
import type { RemovalPolicy, RetainOrDelete } from '../src';

/** How the franchise roster's columns map to Domo custom attribute keys. */
export const FRANCHISE_ROSTER_MAPPING: AttributeMapping = {
  userNameColumn: 'email',
  attributes: {
    franchise: 'franchise',
    storeNumber: 'store_number',
    region: 'region',
    trainingCompleted: 'training_completed',
    trainingScore: 'training_score',
  },
};

/** The directory group of a franchise: its members are the franchise's employees. */
export const franchiseGroupName = (franchise: string): string => `Franchise - ${franchise}`;

export interface FranchiseIdentityStackProps {
  readonly scim: ScimTarget;
  /** The roster dataset (a pinned CSV or a live Domo dataset): the truth for people, attributes and groups. */
  readonly roster: Dataset;
  /** Training completions (email, course, completed_on, score), joined to the roster by email. */
  readonly training: Dataset;
  /** Manage the employees themselves (create, name, department, role, trainingCertified). @default true */
  readonly manageUsers?: boolean;
  /** @default 'retain' */
  readonly userRemovalPolicy?: 'retain' | 'delete';
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
  /** @default 64 */
  readonly shards?: number;
  /** @default 'clear' */
  readonly removalPolicy?: RemovalPolicy;
  /** @default 'authoritative' */
  readonly membership?: MembershipMode;
  /** @default 'retain' */
  readonly groupRemovalPolicy?: RetainOrDelete;
  /**
   * A dataset with a `Franchise` column to protect with one PDP policy per franchise, each given
   * to the franchise's group, so an employee sees the rows of their own franchise.
   * @default - no PDP policies
   */
  readonly salesDataset?: string;
  /** @default 'retain' */
  readonly policyRemovalPolicy?: RetainOrDelete;
}

/**
 * The sample stack: a franchise roster drives the employees themselves (name, department, role),
 * their franchise attributes, one directory group per franchise, and, joined with a training
 * dataset, a `trainingCertified` flag, a role upgrade and a certified group, and one PDP policy
 * per franchise on a sales dataset. A governance policy decides which construct may write which
 * attribute key.
 */
export class FranchiseIdentityStack extends TerraformStack {
  readonly employees?: DomoUsers;
  readonly attributes: DomoUserAttributes;
  readonly franchiseGroups: DomoDirectoryGroups;
  readonly certified: DomoDirectoryGroup;
  readonly salesPolicies?: DomoPdpPolicies;

  constructor(scope: Construct, id: string, props: FranchiseIdentityStackProps) {
    super(scope, id);
    const roster = props.roster;
    const certified = certifiedEmployees(props.training);
    const users = mapUserAttributes(roster, FRANCHISE_ROSTER_MAPPING);
    const sharding = Sharding.hashBuckets(props.shards ?? 64);
    if (props.manageUsers !== false) {
      this.employees = new DomoUsers(this, 'Employees', {
        users: employeesFromRoster(roster, certified),
        scim: props.scim,
        removalPolicy: props.userRemovalPolicy,
        sharding,
        backing: props.backing,
      });
    }
    this.attributes = new DomoUserAttributes(this, 'FranchiseAttributes', {
      users,
      managedKeys: Object.keys(FRANCHISE_ROSTER_MAPPING.attributes),
      scim: props.scim,
      removalPolicy: props.removalPolicy,
      sharding,
      backing: props.backing,
    });
    const groupOptions = {
      scim: props.scim,
      knownUsers: users.map((u) => u.userName),
      membership: props.membership,
      removalPolicy: props.groupRemovalPolicy,
      backing: props.backing,
    };
    this.franchiseGroups = new DomoDirectoryGroups(this, 'FranchiseGroups', {
      ...groupOptions,
      groups: deriveGroups(roster, {
        userNameColumn: FRANCHISE_ROSTER_MAPPING.userNameColumn,
        groupBy: 'franchise',
        displayName: franchiseGroupName,
        domoDisplayName: (franchise) => franchise,
        description: (franchise) => `Everyone working at ${franchise} stores, from the franchise roster.`,
      }),
    });
    this.certified = new DomoDirectoryGroup(this, 'TrainingCertified', {
      ...groupOptions,
      displayName: 'Training - Certified',
      domoDisplayName: 'Certified staff',
      description: `Employees who passed ${REQUIRED_COURSES.join(' and ')} with ${PASSING_SCORE} or more.`,
      members: users.map((u) => u.userName).filter((name) => certified.has(userKey(name))),
    });
    if (props.salesDataset !== undefined) {
      // Row-level access follows the roster: a franchise's group sees that franchise's rows. An
      // employee who moves franchise moves group, and with it which rows they see.
      this.salesPolicies = new DomoPdpPolicies(this, 'SalesPolicies', {
        datasets: {
          [props.salesDataset]: derivePolicies(roster, {
            groupBy: 'franchise',
            filter: (franchise) => [{ column: 'Franchise', values: [franchise] }],
            groups: (franchise) => [franchiseGroupName(franchise)],
          }),
        },
        scim: props.scim,
        removalPolicy: props.policyRemovalPolicy,
        backing: props.backing,
      });
    }
    new DomoGovernancePolicy(this, 'Governance', {
      keys: {
        ...Object.fromEntries(
          Object.keys(FRANCHISE_ROSTER_MAPPING.attributes).map((key) => [
            key,
            { source: 'managed' as const, writers: ['FranchiseAttributes'] },
          ]),
        ),
        trainingCertified: { source: 'managed', writers: ['Employees'] },
      },
    });
    // No ordering to wire: the deploy's engine creates an employee from this stack's DomoUsers record
    // before any attribute or membership of theirs is written, and a franchise group from its
    // DomoDirectoryGroups record before a policy names it, whichever instance runs first.
  }
}
