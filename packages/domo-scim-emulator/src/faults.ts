import { z } from 'zod';

const matcher = {
  /** HTTP method to match (case-insensitive). @default - any */
  method: z.string().optional(),
  /** Regex tested against the recorded path: "/Users/1001" for SCIM, "/api/user/v1/..." for Domo's other APIs. @default - any path */
  pathPattern: z
    .string()
    .refine((p) => {
      try {
        new RegExp(p);
        return true;
      } catch {
        return false;
      }
    }, 'must be a valid regular expression')
    .optional(),
  /** How many requests the fault affects before it is used up. @default - no limit */
  times: z.number().int().positive().optional(),
  /** Affect each matching request with this probability, drawn from a generator seeded with `seed`. @default - every matching request */
  probability: z.number().min(0).max(1).optional(),
  /** Seed of the `probability` draws: the same seed affects the same requests, run after run. @default 1 */
  seed: z.number().int().optional(),
  /** Affect only the Nth, 2Nth, 3Nth... matching request. @default - every matching request */
  everyNth: z.number().int().positive().optional(),
};

/**
 * The fields a `drops-fields` fault can drop: a group's (displayName is dropped from updates only,
 * a group needs a name) and an attribute definition's.
 */
export const DROPPABLE_FIELDS = [
  'displayName',
  'domoDisplayName',
  'description',
  'title',
  'securityVoter',
  'valueSources',
  'validator',
] as const;
export type DroppableField = (typeof DROPPABLE_FIELDS)[number];

/** A failure injected into matching SCIM (or Domo API) requests, to test client retries and reconciliation. */
export const Fault = z
  .discriminatedUnion('kind', [
    /** Answer with this status (and raw body, which may be HTML) instead of handling the request. */
    z.strictObject({
      ...matcher,
      kind: z.literal('status'),
      status: z.number().int().min(100).max(599),
      body: z.string().optional(),
      retryAfter: z.number().int().nonnegative().optional(),
    }),
    /** Wait, then handle the request normally. */
    z.strictObject({ ...matcher, kind: z.literal('delay'), ms: z.number().int().nonnegative() }),
    /** Destroy the socket without answering (and without handling the request). */
    z.strictObject({ ...matcher, kind: z.literal('drop') }),
    /**
     * Answer with this error status and a detail that repeats the credentials the request carried,
     * like a gateway that reflects headers: the client must keep them out of what it reports.
     */
    z.strictObject({ ...matcher, kind: z.literal('echo-credentials'), status: z.number().int().min(400).max(599) }),
    /** Handle the request (the change takes effect), then answer with this error status. */
    z.strictObject({ ...matcher, kind: z.literal('error-after-apply'), status: z.number().int().min(100).max(599) }),
    /**
     * Answer 204 No Content without handling the request: the write looks accepted but nothing
     * changes, as Domo does with IdP-only attributes. Only a read-back can notice.
     */
    z.strictObject({ ...matcher, kind: z.literal('accepted-not-applied') }),
    /**
     * Handles a group or attribute-definition write but keeps the named fields as they were (unset
     * on a create), and answers as if all was applied: a write Domo accepted without applying part
     * of it. Only a read-back can notice. Other requests it matches are handled normally.
     */
    z.strictObject({ ...matcher, kind: z.literal('drops-fields'), fields: z.array(z.enum(DROPPABLE_FIELDS)).min(1) }),
    /**
     * `POST /Users` keeps only userName, displayName, roles and custom attributes of the body, as an
     * independent Domo-compatible implementation did: the rest stays unset until a later write.
     * Matches POST requests to /Users unless told otherwise.
     */
    z.strictObject({ ...matcher, kind: z.literal('post-keeps-only'), method: z.literal('POST').optional() }),
    /**
     * The query API answers a SELECT without ORDER BY in a different row order on each call, as a
     * database without a stable order may: paging with LIMIT/OFFSET alone then skips and repeats rows.
     */
    z.strictObject({ ...matcher, kind: z.literal('query-unordered') }),
    /** The query API's row answers leave out the dataset's last `rows` rows; COUNT(*) and the public API still count them. */
    z.strictObject({ ...matcher, kind: z.literal('query-short'), rows: z.number().int().positive() }),
  ])
  .superRefine((fault, ctx) => {
    if (fault.probability !== undefined && fault.everyNth !== undefined)
      ctx.addIssue({ code: 'custom', path: ['everyNth'], message: 'choose either "probability" or "everyNth", not both' });
    if (fault.seed !== undefined && fault.probability === undefined)
      ctx.addIssue({ code: 'custom', path: ['seed'], message: '"seed" only seeds "probability" draws: set "probability" too' });
  });
export type Fault = z.infer<typeof Fault>;
export type FaultKind = Fault['kind'];

/** Where a `post-keeps-only` fault applies when the fault does not say. */
const POST_USERS = { method: 'POST', pathPattern: '^/Users/?$' };

/** A small, fast, seedable generator (mulberry32): the same seed gives the same draws everywhere. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface ActiveFault {
  readonly fault: Fault;
  readonly method?: string;
  readonly pattern?: RegExp;
  left: number;
  /** Matching requests seen, for everyNth. */
  seen: number;
  readonly random?: () => number;
}

/**
 * Active faults. Each fault sees every request that matches its method and path: it counts it
 * (`everyNth`) or draws for it (`probability`) from its own seeded sequence, so what one fault
 * affects never depends on the others. Of the faults that fire, the first added applies and uses
 * one of its `times`.
 */
export class FaultSet {
  private faults: ActiveFault[] = [];

  add(input: Fault): void {
    const fault = Fault.parse(input);
    const where = fault.kind === 'post-keeps-only' ? { ...POST_USERS, ...definedOnly(fault) } : fault;
    this.faults.push({
      fault,
      method: where.method?.toUpperCase(),
      pattern: where.pathPattern === undefined ? undefined : new RegExp(where.pathPattern),
      left: fault.times ?? Infinity,
      seen: 0,
      random: fault.probability === undefined ? undefined : seededRandom(fault.seed ?? 1),
    });
  }

  clear(): void {
    this.faults = [];
  }

  /** The fault that applies to the request, if any; it uses one of its `times`. */
  take(method: string, path: string): Fault | undefined {
    let chosen: ActiveFault | undefined;
    for (const f of this.faults) {
      if ((f.method !== undefined && f.method !== method.toUpperCase()) || (f.pattern !== undefined && !f.pattern.test(path))) continue;
      if (fires(f) && chosen === undefined) chosen = f;
    }
    if (!chosen) return undefined;
    chosen.left--;
    this.faults = this.faults.filter((f) => f.left > 0);
    return chosen.fault;
  }
}

function fires(f: ActiveFault): boolean {
  f.seen++;
  if (f.fault.everyNth !== undefined) return f.seen % f.fault.everyNth === 0;
  if (f.random !== undefined) return f.random() < f.fault.probability!;
  return true;
}

function definedOnly(fault: Fault): { method?: string; pathPattern?: string } {
  return {
    ...(fault.method === undefined ? {} : { method: fault.method }),
    ...(fault.pathPattern === undefined ? {} : { pathPattern: fault.pathPattern }),
  };
}

/** A write as a route makes it: the resource it would store, as it was before, and the droppable fields it sets. */
export interface DroppableWrite<T> {
  readonly next: T;
  /** `{}` for a create. */
  readonly before: Partial<T>;
  readonly fields: readonly (keyof T & DroppableField)[];
}

/**
 * The resource to store: `next` with the fields a `drops-fields` fault names (of those the write
 * sets) as they were before, removed when they were unset. Without such a fault, `next` itself.
 */
export function keepDroppedFields<T extends object>(fault: Fault | undefined, { next, before, fields }: DroppableWrite<T>): T {
  if (fault?.kind !== 'drops-fields') return next;
  const kept = { ...next } as Record<string, unknown>;
  const was = before as Record<string, unknown>;
  for (const field of fields) {
    if (!fault.fields.includes(field)) continue;
    if (was[field] === undefined) delete kept[field];
    else kept[field] = was[field];
  }
  return kept as T;
}
