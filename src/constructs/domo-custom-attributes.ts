import { Construct } from 'constructs';
import type { TerraformResource } from '../cdk';
import {
  definitionFileName,
  definitionTriggers,
  resolveDefinition,
  type AttributeDefinition,
  type DefinitionFile,
  type DefinitionRemovalPolicy,
  type DefinitionsConstructFile,
  type ResolvedDefinition,
} from '../model/custom-attributes';
import { attributeKeyProblem } from '../model/identity';
import { CONSTRUCT_FILE } from '../model/manifest';
import { escapeTerraformTemplate } from '../model/terraform-json';
import { shardResource, type BackingResource } from './backing';
import { HANDLER_PATH } from './handler-bundle';
import { manifestDirOf, writeOnSynth } from './manifest-writer';
import { validateScim, type ScimTarget } from './scim-target';
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
  readonly removalPolicy?: DefinitionRemovalPolicy;
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
    const settings = {
      version: 1 as const,
      constructPath: this.node.path,
      scim: validateScim(name, props.scim),
      removalPolicy: props.removalPolicy ?? 'retain',
    };
    const manifestPath = manifestDirOf(this);
    const instances: Record<string, Record<string, string>> = {};
    for (const d of this.definitions) {
      instances[d.key] = Object.fromEntries(Object.entries(definitionTriggers(d)).map(([k, v]) => [k, escapeTerraformTemplate(v)]));
    }
    const handlerArgs = [HANDLER_PATH, 'custom-attributes'];
    this.resource = shardResource(this, 'Resource', {
      backing: props.backing ?? 'terraform_data',
      shards: instances,
      createArgs: [...handlerArgs, 'create', manifestPath, '${each.key}'],
      destroyArgs: [...handlerArgs, 'destroy', manifestPath, '${each.key}'],
      destroyCommand: (triggers) => `\${${triggers}["key"]}`,
    });
    writeOnSynth(this, manifestPath, () => {
      const files = new Map<string, DefinitionsConstructFile | DefinitionFile>();
      files.set(CONSTRUCT_FILE, { ...settings, kind: 'custom-attributes', desiredKeys: this.definitions.map((d) => d.key) });
      for (const definition of this.definitions)
        files.set(definitionFileName(definition.key), { ...settings, kind: 'custom-attribute', definition });
      return files;
    });
  }
}
