import { z } from 'zod';

/** How a 429 carries Retry-After; Domo's limits are unpublished and clients must expect each. */
export const RetryAfterForm = z.enum(['seconds', 'http-date', 'none']);
export type RetryAfterForm = z.infer<typeof RetryAfterForm>;

/**
 * How requests are counted: `fixed` windows open at the first request after the last one ended;
 * `sliding` counts the accepted requests of the last `perSeconds` at every request.
 */
export const RateWindow = z.enum(['fixed', 'sliding']);
export type RateWindow = z.infer<typeof RateWindow>;

/** Requests allowed per window; Domo's limits are unpublished, so tests choose their own. */
export const EmulatorRateLimit = z.strictObject({
  requests: z.number().int().positive(),
  perSeconds: z.number().positive(),
  /** @default 'fixed' */
  window: RateWindow.optional(),
  /**
   * `seconds`: `Retry-After: <retryAfterSeconds>`; `http-date`: the time `retryAfterSeconds` from
   * now as an HTTP-date (`Wed, 21 Oct 2026 07:28:01 GMT`); `none`: no Retry-After header. @default 'seconds'
   */
  retryAfter: RetryAfterForm.optional(),
  /** The wait Retry-After announces. @default 1 for a fixed window; for a sliding one, until its oldest request leaves it (whole seconds, at least 1) */
  retryAfterSeconds: z.number().int().nonnegative().optional(),
});
export type EmulatorRateLimit = z.infer<typeof EmulatorRateLimit>;

/** Counts requests in a fixed or a sliding window: simple to reason about in tests, which is all the emulator needs. */
export class RateLimiter {
  private limit: EmulatorRateLimit | undefined;
  private windowStart = 0;
  private count = 0;
  /** Accepted requests of the sliding window, oldest first. */
  private accepted: number[] = [];

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
    this.accepted = [];
  }

  /** Counts a request; returns the headers of the 429 when it is over the limit. */
  take(): { headers: Record<string, string> } | undefined {
    if (!this.limit) return undefined;
    const t = this.now();
    const windowMs = this.limit.perSeconds * 1000;
    let seconds: number;
    if ((this.limit.window ?? 'fixed') === 'sliding') {
      let gone = 0;
      while (gone < this.accepted.length && this.accepted[gone]! <= t - windowMs) gone++;
      if (gone > 0) this.accepted.splice(0, gone);
      if (this.accepted.length < this.limit.requests) {
        this.accepted.push(t);
        return undefined;
      }
      seconds = this.limit.retryAfterSeconds ?? Math.max(1, Math.ceil((this.accepted[0]! + windowMs - t) / 1000));
    } else {
      if (t - this.windowStart >= windowMs) {
        this.windowStart = t;
        this.count = 0;
      }
      if (this.count < this.limit.requests) {
        this.count++;
        return undefined;
      }
      seconds = this.limit.retryAfterSeconds ?? 1;
    }
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
