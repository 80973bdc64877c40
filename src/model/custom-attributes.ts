import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ScimConnection } from './manifest';

/** Where a custom attribute's value may come from (Admin > Governance > Attributes). */
export const ValueSource = z.enum(['idp', 'grant', 'managed']);
export type ValueSource = z.infer<typeof ValueSource>;

/** One attribute definition as desired. The key is immutable in Domo: a new key is a new attribute. */
export const AttributeDefinition = z.object({
  /** Letters and digits only, case-sensitive. */
  key: z.string(),
  title: z.string(),
  description: z.string().optional(),
  /** @default ['managed'] */
  valueSources: z.array(ValueSource).optional(),
  /** Domo's `securityVoter`, e.g. FULL_VIS_ADMIN_IDP, FULL_VIS, ADMIN_ONLY. @default 'FULL_VIS_ADMIN_IDP' */
  visibility: z.string().optional(),
});
export type AttributeDefinition = z.infer<typeof AttributeDefinition>;

export const DEFAULT_VISIBILITY = 'FULL_VIS_ADMIN_IDP';

/** Every field with its default filled in, as the handler applies it. */
export const ResolvedDefinition = z.object({
  key: z.string(),
  title: z.string(),
  description: z.string(),
  valueSources: z.array(ValueSource),
  visibility: z.string(),
});
export type ResolvedDefinition = z.infer<typeof ResolvedDefinition>;

export function resolveDefinition(d: AttributeDefinition): ResolvedDefinition {
  return {
    key: d.key,
    title: d.title,
    description: d.description ?? '',
    valueSources: [...(d.valueSources ?? ['managed'])].sort(),
    visibility: d.visibility ?? DEFAULT_VISIBILITY,
  };
}

export function definitionTriggers(d: ResolvedDefinition): Record<string, string> {
  return { key: d.key, title: d.title, description: d.description, valueSources: d.valueSources.join(', '), visibility: d.visibility };
}

export const DefinitionRemovalPolicy = z.enum(['retain', 'delete']);
export type DefinitionRemovalPolicy = z.infer<typeof DefinitionRemovalPolicy>;

const Settings = { version: z.literal(1), constructPath: z.string(), scim: ScimConnection, removalPolicy: DefinitionRemovalPolicy };
export const DefinitionsConstructFile = z.object({ ...Settings, kind: z.literal('custom-attributes'), desiredKeys: z.array(z.string()) });
export type DefinitionsConstructFile = z.infer<typeof DefinitionsConstructFile>;
export const DefinitionFile = z.object({ ...Settings, kind: z.literal('custom-attribute'), definition: ResolvedDefinition });
export type DefinitionFile = z.infer<typeof DefinitionFile>;

export function definitionFileName(key: string): string {
  return `definition-${createHash('sha256').update(key).digest('hex').slice(0, 16)}.json`;
}
