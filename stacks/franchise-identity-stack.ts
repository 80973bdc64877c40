import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import {
  DomoDirectoryGroup,
  DomoDirectoryGroups,
  DomoUserAttributes,
  Sharding,
  type BackingResource,
  type ScimTarget,
} from '../src/constructs';
import { readCsvFile, type Dataset } from '../src/sources';
import { deriveGroups, mapUserAttributes, type AttributeMapping, type GroupRemovalPolicy, type MembershipMode } from '../src/model';
import type { RemovalPolicy } from '../src/model/manifest';

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

/** Training score at or above which an employee joins the certified group. */
export const CERTIFIED_SCORE = 80;

export interface FranchiseIdentityStackProps {
  readonly scim: ScimTarget;
  /** The roster dataset (CSV) that is the truth for franchise attributes and groups. */
  readonly rosterCsv: string;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
  /** @default 64 */
  readonly shards?: number;
  /** @default 'clear' */
  readonly removalPolicy?: RemovalPolicy;
  /** @default 'authoritative' */
  readonly membership?: MembershipMode;
  /** @default 'retain' */
  readonly groupRemovalPolicy?: GroupRemovalPolicy;
}

/**
 * The sample stack: a franchise roster drives every employee's franchise attributes, one
 * directory group per franchise, and a group of employees whose training score passes a threshold.
 */
export class FranchiseIdentityStack extends TerraformStack {
  readonly attributes: DomoUserAttributes;
  readonly franchiseGroups: DomoDirectoryGroups;
  readonly certified: DomoDirectoryGroup;

  constructor(scope: Construct, id: string, props: FranchiseIdentityStackProps) {
    super(scope, id);
    const roster = readCsvFile(props.rosterCsv);
    const users = mapUserAttributes(roster, FRANCHISE_ROSTER_MAPPING);
    this.attributes = new DomoUserAttributes(this, 'FranchiseAttributes', {
      users,
      managedKeys: Object.keys(FRANCHISE_ROSTER_MAPPING.attributes),
      scim: props.scim,
      removalPolicy: props.removalPolicy,
      sharding: Sharding.hashBuckets(props.shards ?? 64),
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
        displayName: (franchise) => `Franchise - ${franchise}`,
        domoDisplayName: (franchise) => franchise,
        description: (franchise) => `Everyone working at ${franchise} stores, from the franchise roster.`,
      }),
    });
    this.certified = new DomoDirectoryGroup(this, 'TrainingCertified', {
      ...groupOptions,
      displayName: 'Training - Certified',
      domoDisplayName: 'Certified staff',
      description: `Employees with a training score of ${CERTIFIED_SCORE} or more.`,
      members: certifiedMembers(roster),
    });
  }
}

/** A derived rule in plain TypeScript: the employees whose training score passes the threshold. */
export function certifiedMembers(roster: Dataset): string[] {
  return roster.rows.filter((row) => Number(row.values.training_score) >= CERTIFIED_SCORE).map((row) => row.values.email!.trim());
}
