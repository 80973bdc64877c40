import type { Construct } from 'constructs';
import { TerraformStack } from 'cdktf';
import { DomoUserAttributes, Sharding, type BackingResource, type ScimTarget } from '../src/constructs';
import { readCsvFile } from '../src/sources';
import { mapUserAttributes, type AttributeMapping } from '../src/model';
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

export interface FranchiseIdentityStackProps {
  readonly scim: ScimTarget;
  /** The roster dataset (CSV) that is the truth for franchise attributes. */
  readonly rosterCsv: string;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
  /** @default 64 */
  readonly shards?: number;
  /** @default 'clear' */
  readonly removalPolicy?: RemovalPolicy;
}

/** The sample stack: a franchise roster drives every employee's franchise attributes in Domo. */
export class FranchiseIdentityStack extends TerraformStack {
  readonly attributes: DomoUserAttributes;

  constructor(scope: Construct, id: string, props: FranchiseIdentityStackProps) {
    super(scope, id);
    const users = mapUserAttributes(readCsvFile(props.rosterCsv), FRANCHISE_ROSTER_MAPPING);
    this.attributes = new DomoUserAttributes(this, 'FranchiseAttributes', {
      users,
      managedKeys: Object.keys(FRANCHISE_ROSTER_MAPPING.attributes),
      scim: props.scim,
      removalPolicy: props.removalPolicy,
      sharding: Sharding.hashBuckets(props.shards ?? 64),
      backing: props.backing,
    });
  }
}
