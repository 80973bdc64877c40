import { z } from 'zod';

/**
 * A custom attribute value as Domo stores it: always a list of strings, even when the attribute
 * is single-valued. An empty list means "no value" (the attribute is cleared).
 */
export const AttributeValues = z.array(z.string().min(1));
export type AttributeValues = z.infer<typeof AttributeValues>;
