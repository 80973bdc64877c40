import { setTimeout as delay } from 'node:timers/promises';

/** What one request reports back to the throttle when its attempt ends. */
export interface AttemptReport {
  /** undefined when no response arrived (connection error, timeout). */
  readonly status: number | undefined;
  /** A 429's Retry-After, in milliseconds from now. */
  readonly retryAfterMs?: number;
}

/** A granted slot: call `done` once with how the attempt ended. */
export interface Permit {
  done(report: AttemptReport): void;
}

export interface ThrottleOptions {
  /** Requests in flight at once. @default 16 */
  readonly maxInFlight?: number;
  /** Requests in flight at first; one more per accepted request up to maxInFlight (slow start). @default 2 */
  readonly initialWindow?: number;
  /** The pace is never cut below this. @default 0.5 */
  readonly minRate?: number;
  /** @default Date.now */
  readonly now?: () => number;
  /** @default a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
}

export interface ThrottleStats {
  /** Attempts started. */
  readonly sent: number;
  /** Attempts answered 429. */
  readonly throttled: number;
  /** Attempts waiting for a slot now. */
  readonly queued: number;
  readonly inFlight: number;
  /** The current pace in requests per second; undefined while unpaced. */
  readonly rate: number | undefined;
  /** The rate at which Domo last answered 429: the limit as learned so far. */
  readonly learnedLimit: number | undefined;
  /** Total milliseconds spent paused by Retry-After or backoff after a 429. */
  readonly pausedMs: number;
}

/** After a 429 the pace drops to this share of what Domo accepted. */
const DECREASE = 0.9;
/** Below this share of the learned limit, the pace recovers quickly; above it, it probes slowly. */
const RECOVERED = 0.95;
/** Per-second growth of the pace while recovering, and while probing above the learned limit. */
const RECOVERY_GROWTH = 0.1;
const PROBE_GROWTH = 0.005;
/** Backoff after a 429 without Retry-After: doubles per consecutive 429, capped. */
const PAUSE_BASE_MS = 500;
const PAUSE_MAX_MS = 30_000;
/** How far back the accepted rate is measured when a 429 arrives. */
const MEASURE_WINDOW_MS = 2000;

/**
 * One adaptive limit for every request of a deploy, shared by all the work of one engine. Domo
 * publishes no rate limit, so it is learned. Until the first 429 nothing is paced, but only a few
 * requests are in flight at first, one more per accepted request (slow start), so a low limit
 * costs a 429 or two, not a burst of them. The first 429 sets the pace to what Domo accepted over
 * the last two seconds, times 0.9. After that the pace grows back quickly to 95 % of that learned
 * limit and then probes above it slowly (additive increase); every 429 cuts it again
 * (multiplicative decrease) and pauses every request for the 429's Retry-After, or a jittered
 * backoff when it has none.
 */
export class AdaptiveThrottle {
  readonly #maxInFlight: number;
  readonly #minRate: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  #rate: number | undefined;
  #learnedLimit: number | undefined;
  #window: number;
  #nextAt = 0;
  #pausedUntil = 0;
  #lastCut = -Infinity;
  #consecutive429 = 0;
  #inFlight = 0;
  #sent = 0;
  #throttled = 0;
  #pausedMs = 0;
  /** Start times of recent accepted attempts, for the rate Domo accepted. */
  #accepted: number[] = [];
  #firstAt: number | undefined;
  #waiters: Array<() => void> = [];
  #pumping = false;

  constructor(options: ThrottleOptions = {}) {
    this.#maxInFlight = options.maxInFlight ?? 16;
    this.#window = Math.min(options.initialWindow ?? 2, this.#maxInFlight);
    this.#minRate = options.minRate ?? 0.5;
    this.#now = options.now ?? Date.now;
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#random = options.random ?? Math.random;
  }

  /** Waits for a slot (FIFO), respecting the pace, the pause and the in-flight cap. */
  acquire(): Promise<Permit> {
    return new Promise((resolve) => {
      this.#waiters.push(() => resolve(this.#grant()));
      void this.#pump();
    });
  }

  get stats(): ThrottleStats {
    return {
      sent: this.#sent,
      throttled: this.#throttled,
      queued: this.#waiters.length,
      inFlight: this.#inFlight,
      rate: this.#rate,
      learnedLimit: this.#learnedLimit,
      pausedMs: this.#pausedMs,
    };
  }

  #grant(): Permit {
    const started = this.#now();
    this.#firstAt ??= started;
    this.#inFlight++;
    this.#sent++;
    if (this.#rate !== undefined) this.#nextAt = Math.max(started, this.#nextAt) + 1000 / this.#rate;
    let finished = false;
    return {
      done: (report) => {
        if (finished) return;
        finished = true;
        this.#inFlight--;
        this.#settle(started, report);
        void this.#pump();
      },
    };
  }

  #settle(started: number, report: AttemptReport): void {
    const now = this.#now();
    if (report.status === 429) {
      this.#throttled++;
      this.#consecutive429++;
      this.#cut(now);
      const pause = report.retryAfterMs ?? this.#backoff();
      const until = now + pause;
      if (until > this.#pausedUntil) {
        this.#pausedMs += until - Math.max(now, this.#pausedUntil);
        this.#pausedUntil = until;
      }
      return;
    }
    if (report.status === undefined || report.status >= 500) return;
    this.#consecutive429 = 0;
    this.#accepted.push(started);
    this.#grow();
  }

  /** Multiplicative decrease, once per burst of 429s: the in-flight rest of the burst only extends the pause. */
  #cut(now: number): void {
    const interval = this.#rate === undefined ? 0 : 1000 / this.#rate;
    if (now - this.#lastCut < Math.max(1000, 2 * interval)) return;
    this.#lastCut = now;
    this.#accepted = this.#accepted.filter((t) => t > now - MEASURE_WINDOW_MS);
    // Over the last two seconds, or since the first request when the deploy is younger.
    const windowMs = Math.max(1000, Math.min(MEASURE_WINDOW_MS, now - (this.#firstAt ?? now)));
    const accepted = this.#accepted.length / (windowMs / 1000);
    const current = this.#rate ?? accepted;
    this.#learnedLimit = Math.max(this.#minRate, Math.min(current, accepted > 0 ? accepted : current));
    this.#rate = Math.max(this.#minRate, this.#learnedLimit * DECREASE);
  }

  /** Growth per accepted request, so the pace grows per second in proportion to itself. */
  #grow(): void {
    if (this.#window < this.#maxInFlight) this.#window++;
    if (this.#rate === undefined) return;
    const below = this.#learnedLimit !== undefined && this.#rate < RECOVERED * this.#learnedLimit;
    this.#rate += below ? RECOVERY_GROWTH : PROBE_GROWTH;
  }

  #backoff(): number {
    const ceiling = Math.min(PAUSE_MAX_MS, PAUSE_BASE_MS * 2 ** (this.#consecutive429 - 1));
    return ceiling / 2 + Math.floor(this.#random() * (ceiling / 2));
  }

  async #pump(): Promise<void> {
    if (this.#pumping) return;
    this.#pumping = true;
    try {
      let served = -Infinity;
      while (this.#waiters.length > 0 && this.#inFlight < this.#window) {
        const target = Math.max(this.#pausedUntil, this.#rate === undefined ? 0 : this.#nextAt);
        const wait = target - this.#now();
        if (wait > 0 && target > served) {
          await this.#sleep(wait);
          // The wait is served even under an injected clock; a 429 meanwhile may have extended it.
          served = target;
          continue;
        }
        this.#waiters.shift()!();
      }
    } finally {
      this.#pumping = false;
    }
  }
}
