import { z } from 'zod';

/** How a 429 carries Retry-After; Domo's limits are unpublished and clients must expect each. */
export const RetryAfterForm = z.enum(['seconds', 'http-date', 'none']);
export type RetryAfterForm = z.infer<typeof RetryAfterForm>;

/** Requests allowed per window; Domo's limits are unpublished, so tests choose their own. */
export const EmulatorRateLimit = z.strictObject({
  requests: z.number().int().positive(),
  perSeconds: z.number().positive(),
  /**
   * `seconds`: `Retry-After: <retryAfterSeconds>`; `http-date`: the time `retryAfterSeconds` from
   * now as an HTTP-date (`Wed, 21 Oct 2026 07:28:01 GMT`); `none`: no Retry-After header. @default 'seconds'
   */
  retryAfter: RetryAfterForm.optional(),
  /** The wait Retry-After announces. @default 1 */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type EmulatorRateLimit = z.infer<typeof EmulatorRateLimit>;

/** A fixed window counter: simple to reason about in tests, which is all the emulator needs. */
export class FixedWindowLimiter {
  private limit: EmulatorRateLimit | undefined;
  private windowStart = 0;
  private count = 0;

  constructor(
    limit: EmulatorRateLimit | undefined,
    private readonly now: () => number = Date.now,
  ) {
    this.set(limit);
  }

  set(limit: EmulatorRateLimit | undefined): void {
    this.limit = limit && EmulatorRateLimit.parse(limit);
    this.count = 0;
    this.windowStart = 0;
  }

  /** Counts a request; returns the headers of the 429 when it is over the limit. */
  take(): { headers: Record<string, string> } | undefined {
    if (!this.limit) return undefined;
    const t = this.now();
    if (t - this.windowStart >= this.limit.perSeconds * 1000) {
      this.windowStart = t;
      this.count = 0;
    }
    if (this.count < this.limit.requests) {
      this.count++;
      return undefined;
    }
    const seconds = this.limit.retryAfterSeconds ?? 1;
    switch (this.limit.retryAfter ?? 'seconds') {
      case 'none':
        return { headers: {} };
      case 'http-date':
        // An HTTP-date has whole seconds: round up, so waiting until then is always long enough.
        return { headers: { 'retry-after': new Date(Math.ceil((t + seconds * 1000) / 1000) * 1000).toUTCString() } };
      case 'seconds':
        return { headers: { 'retry-after': String(seconds) } };
    }
  }
}
