import { Construct } from 'constructs';
import type { TerraformResource } from '../../cdk';
import { resolveDefinition, type AttributeDefinition, type ResolvedDefinition } from './model';
import { attributeKeyProblem } from '../../model/identity';
import type { RetainOrDelete } from '../../model/kind';
import { customAttributesManifest } from './manifest';
import type { BackingResource } from '../../constructs/backing';
import { renderKind } from '../../constructs/render';
import { validateScim, type ScimTarget } from '../../constructs/scim-target';
import * as errors from './errors';

export interface DomoCustomAttributesProps {
  /** The attribute definitions (Admin > Governance > Attributes), customer-defined keyspace. */
  readonly definitions: readonly AttributeDefinition[];
  /**
   * The Domo SCIM endpoint of the instance; definitions are managed through the instance's
   * attribute API next to it. The token is never configuration: handlers read DOMO_SCIM_TOKEN.
   */
  readonly scim: ScimTarget;
  /**
   * What happens in Domo to a definition that leaves the code, including the old key of a
   * renamed attribute. Domo refuses to delete definitions used by dynamic groups or PDP
   * policies; the deploy then fails with Domo's reason.
   * @default 'retain'
   */
  readonly removalPolicy?: RetainOrDelete;
  /** @default 'terraform_data' */
  readonly backing?: BackingResource;
}

/**
 * Custom attribute definitions, one Terraform instance per key. Keys are immutable in Domo, so
 * the key is the instance key: changing it plans the old key destroyed and the new one created.
 */
export class DomoCustomAttributes extends Construct {
  readonly resource: TerraformResource;
  readonly definitions: readonly ResolvedDefinition[];

  constructor(scope: Construct, id: string, props: DomoCustomAttributesProps) {
    super(scope, id);
    const name = `DomoCustomAttributes "${this.node.path}"`;
    const seen = new Set<string>();
    this.definitions = props.definitions.map((d) => {
      const problem = attributeKeyProblem(d.key);
      if (problem !== undefined) throw errors.invalidAttributeKey(name, problem);
      if (seen.has(d.key)) throw errors.duplicateAttributeKey(name, d.key);
      if (d.title.trim() === '') throw errors.emptyAttributeTitle(name, d.key);
      seen.add(d.key);
      return resolveDefinition(d);
    });
    const scim = validateScim(name, props.scim);
    const removalPolicy = props.removalPolicy ?? 'retain';
    this.resource = renderKind(this, {
      kind: customAttributesManifest,
      scim,
      backing: props.backing,
      construct: () => ({
        kind: 'custom-attributes',
        constructPath: this.node.path,
        scim,
        removalPolicy,
        desiredKeys: this.definitions.map((d) => d.key),
      }),
      instances: new Map(this.definitions.map((definition) => [definition.key, { definition }])),
    }).resource;
  }
}
