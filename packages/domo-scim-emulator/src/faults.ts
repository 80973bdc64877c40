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
  /** How many matching requests the fault affects before it is used up. */
  times: z.number().int().positive(),
};

/** A failure injected into matching SCIM (or Domo API) requests, to test client retries and reconciliation. */
export const Fault = z.discriminatedUnion('kind', [
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
  /** Destroy the socket without answering. */
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
]);
export type Fault = z.infer<typeof Fault>;

/** Active faults; the first matching one that is not used up applies. */
export class FaultSet {
  private faults: { fault: Fault; left: number; pattern?: RegExp }[] = [];

  add(input: Fault): void {
    const fault = Fault.parse(input);
    this.faults.push({ fault, left: fault.times, pattern: fault.pathPattern === undefined ? undefined : new RegExp(fault.pathPattern) });
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes one use of the first fault matching the request. */
  take(method: string, path: string): Fault | undefined {
    const entry = this.faults.find(
      (f) =>
        f.left > 0 &&
        (f.fault.method === undefined || f.fault.method.toUpperCase() === method.toUpperCase()) &&
        (f.pattern === undefined || f.pattern.test(path)),
    );
    if (!entry) return undefined;
    entry.left--;
    this.faults = this.faults.filter((f) => f.left > 0);
    return entry.fault;
  }
}
