import { z } from 'zod';
import { definitionTriggers, ResolvedDefinition } from './model';
import { ConstructBase, RetainOrDelete, type KindManifest } from '../../model/kind';

export const DefinitionsConstructFile = z.object({
  ...ConstructBase,
  kind: z.literal('custom-attributes'),
  /** `retain` leaves a definition that leaves the code in Domo; `delete` deletes it and every user's values. */
  removalPolicy: RetainOrDelete,
  desiredKeys: z.array(z.string()),
});
export type DefinitionsConstructFile = z.infer<typeof DefinitionsConstructFile>;

export const DefinitionInstanceFile = z.object({ definition: ResolvedDefinition });
export type DefinitionInstanceFile = z.infer<typeof DefinitionInstanceFile>;

/** The keys of a definition's trigger map. */
export const DEFINITION_FIELDS: readonly string[] = Object.keys(ResolvedDefinition.shape);

export const customAttributesManifest: KindManifest<DefinitionsConstructFile, DefinitionInstanceFile> = {
  name: 'custom-attributes',
  constructFile: DefinitionsConstructFile,
  instanceFile: DefinitionInstanceFile,
  triggers: (_construct, instance) => definitionTriggers(instance.definition),
  destroyArgument: (triggers) => `\${${triggers}["key"]}`,
};
