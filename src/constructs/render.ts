import type { Construct } from 'constructs';
import type { TerraformResource } from '../cdk';
import { escapeTerraformTemplate } from '../model/terraform-json';
import { MANIFEST_VERSION, type KindFile, type KindManifest, type ScimConnection } from '../model/kind';
import { HANDLER_PATH } from '../synth/handler-files';
import { manifestDirOf, registerManifests } from '../synth/writer';
import { shardResource, type BackingResource } from './backing';

export interface RenderProps<C extends KindFile, I> {
  readonly kind: KindManifest<C, I>;
  readonly scim: ScimConnection;
  /** The construct file, made at synth (without `version`, which synth adds). */
  readonly construct: () => Omit<C, 'version'>;
  /** Instance key -> its desired state. */
  readonly instances: ReadonlyMap<string, I>;
  readonly backing?: BackingResource;
}

/**
 * The one rendering path of every construct kind: one `for_each` block whose instances carry the
 * kind's trigger maps (escaped for Terraform's templates, keys too), handlers started with the
 * instance's key and the construct's manifest folder, and the manifests registered for synth.
 * Constructs validate their props and then call this.
 */
export function renderKind<C extends KindFile, I>(
  scope: Construct,
  props: RenderProps<C, I>,
): { readonly resource: TerraformResource; readonly manifestPath: string } {
  const manifestPath = manifestDirOf(scope);
  const constructFile = () => ({ ...props.construct(), version: MANIFEST_VERSION }) as unknown as C;
  const triggerMaps: Record<string, Record<string, string>> = {};
  const file = constructFile();
  for (const [key, instance] of props.instances) {
    const escaped: Record<string, string> = {};
    for (const [k, v] of Object.entries(props.kind.triggers(file, instance)))
      escaped[escapeTerraformTemplate(k)] = escapeTerraformTemplate(v);
    triggerMaps[escapeTerraformTemplate(key)] = escaped;
  }
  const handlerArgs = [HANDLER_PATH, props.kind.name];
  const resource = shardResource(scope, 'Resource', {
    backing: props.backing ?? 'terraform_data',
    shards: triggerMaps,
    createArgs: [...handlerArgs, 'create', manifestPath, '${each.key}'],
    destroyArgs: [...handlerArgs, 'destroy', manifestPath, '${each.key}'],
    destroyCommand: props.kind.destroyArgument,
  });
  registerManifests(scope, {
    kind: props.kind.name,
    scim: props.scim,
    resource,
    files: () => ({ construct: props.construct(), instances: props.instances as ReadonlyMap<string, object> }),
  });
  return { resource, manifestPath };
}
