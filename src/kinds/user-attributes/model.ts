import { z } from 'zod';
import { AttributeValues } from '../../model/attribute-values';

/** One user's desired custom attributes, keyed by the exact, case-sensitive Domo key. */
export const DesiredUserAttributes = z.object({
  userName: z.string().min(1),
  attributes: z.record(z.string(), AttributeValues),
});
export type DesiredUserAttributes = z.infer<typeof DesiredUserAttributes>;
