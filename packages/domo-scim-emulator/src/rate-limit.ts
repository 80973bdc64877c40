import { z } from 'zod';

/** Requests allowed per window; Domo's limits are unpublished, so tests choose their own. */
export const EmulatorRateLimit = z.strictObject({
  requests: z.number().int().positive(),
  perSeconds: z.number().positive(),
  /** Sent as the Retry-After header of a 429. @default 1 */
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

  /** Counts a request; returns the Retry-After seconds when it is over the limit. */
  take(): number | undefined {
    if (!this.limit) return undefined;
    const t = this.now();
    if (t - this.windowStart >= this.limit.perSeconds * 1000) {
      this.windowStart = t;
      this.count = 0;
    }
    if (this.count >= this.limit.requests) return this.limit.retryAfterSeconds ?? 1;
    this.count++;
    return undefined;
  }
}
