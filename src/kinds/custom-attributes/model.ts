import { z } from 'zod';

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
