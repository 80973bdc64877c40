import { z } from 'zod';

/**
 * A custom attribute value as Domo stores it: always a list of strings, even when the attribute
 * is single-valued. An empty list means "no value" (the attribute is cleared).
 */
export const AttributeValues = z.array(z.string().min(1));
export type AttributeValues = z.infer<typeof AttributeValues>;

/** One user's desired custom attributes, keyed by the exact, case-sensitive Domo key. */
export const DesiredUserAttributes = z.object({
  userName: z.string().min(1),
  attributes: z.record(z.string(), AttributeValues),
});
export type DesiredUserAttributes = z.infer<typeof DesiredUserAttributes>;

// The match key lives with the identity rules; re-exported for the modules that import it from here.
export { userKey } from './identity';
