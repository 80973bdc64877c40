import { z } from 'zod';

/** A list of seed entries whose `field` must be unique, each repeat reported at its index. */
export function listUniqueBy<K extends string, S extends z.ZodType<Record<K, string>>>(item: S, field: K) {
  return z.array(item).superRefine((list, ctx) => {
    const seen = new Set<string>();
    list.forEach((entry, i) => {
      const value = (entry as Record<K, string>)[field];
      if (seen.has(value)) ctx.addIssue({ code: 'custom', path: [i, field], message: `duplicate ${field} "${value}"` });
      seen.add(value);
    });
  });
}
