import { removalGuardOf, type RemovalGuardProps } from '../../constructs/removal-guard';
import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { datasetPolicyKey, type DesiredPdpPolicy } from './model';
import type { PdpPolicySpec } from './derivation';
import type { RetainOrDelete } from '../../model/kind';
import { pdpPoliciesManifest } from './manifest';
import type { BackingResource } from '../../constructs/backing';
import { renderKind } from '../../constructs/render';
import { validateScim, type ScimTarget } from '../../constructs/scim-target';
import { validatePdpPolicies } from './validate';

export interface DomoPdpPoliciesProps extends RemovalGuardProps {
  /**
   * The PDP policies of each dataset, by dataset id (the last part of the dataset's URL in Domo),
   * e.g. `{ '7c3e5a10-sales': derivePolicies(roster, { groupBy: 'franchise', ... }) }`. Members are
   * userNames and directory group displayNames: users and groups of this stack's DomoUsers and
   * DomoDirectoryGroups (created first when Domo lacks them), or already in Domo.
   */
  readonly datasets: Readonly<Record<string, readonly PdpPolicySpec[]>>;
  /** The Domo SCIM endpoint of the instance (members are resolved through it). The token is never configuration. */
  readonly scim: ScimTarget;
  /**
   * What happens in Domo to a policy that leaves the code.
   * @default 'retain' - the policy stays in Domo untouched; 'delete' deletes it
   */
  readonly removalPolicy?: RetainOrDelete;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
}

/**
 * PDP (row-level security) policies of Domo datasets, one Terraform instance per dataset. The
 * plan has one line per filter value and member, so a review shows exactly who joins or leaves
 * which policy and which filter changes; a deploy finds each policy by name (keeping its id),
 * creates or replaces it whole, and verifies it by reading it back. Domo's own All Rows policy and
 * policies not named here are never touched. Written through Domo's public API: the deploy needs
 * DOMO_CLIENT_ID and DOMO_CLIENT_SECRET (and DOMO_API_HOST off api.domo.com) in its environment.
 */
export class DomoPdpPolicies extends Construct {
  /** The `for_each` resource block holding one instance per dataset. */
  readonly resource: TerraformResource;
  /** Manifest folder relative to the stack folder, as the handlers see it. */
  readonly manifestPath: string;
  /** The validated, normalized policies by dataset id. */
  readonly policies: ReadonlyMap<string, readonly DesiredPdpPolicy[]>;

  constructor(scope: Construct, id: string, props: DomoPdpPoliciesProps) {
    super(scope, id);
    const name = `DomoPdpPolicies "${this.node.path}"`;
    const scim = validateScim(name, props.scim);
    this.policies = validatePdpPolicies(name, props.datasets);
    const removalPolicy = props.removalPolicy ?? 'retain';
    const rendered = renderKind(this, {
      kind: pdpPoliciesManifest,
      scim,
      backing: props.backing,
      construct: () => ({
        kind: 'pdp-policies',
        constructPath: this.node.path,
        scim,
        removalPolicy,
        ...removalGuardOf(name, props),
        desiredPolicies: [...this.policies].flatMap(([dataset, policies]) => policies.map((p) => datasetPolicyKey(dataset, p.name))),
      }),
      instances: new Map([...this.policies].map(([dataset, policies]) => [dataset, { dataset, policies: [...policies] }])),
    });
    this.resource = rendered.resource;
    this.manifestPath = rendered.manifestPath;
  }
}
