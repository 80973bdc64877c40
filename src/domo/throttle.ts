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
  /** The pace is never below this. @default 0.5 */
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
  /** The rate Domo accepted when it last answered 429: the limit as learned so far. */
  readonly learnedLimit: number | undefined;
  /** Total milliseconds every request was held by Retry-After or backoff after a 429. */
  readonly pausedMs: number;
}

/** The steady pace is this share of the learned limit: close enough to use it, far enough that jitter stays under it. */
export const HEADROOM = 0.95;
/** A limit learned below the best one seen is trusted this long without a 429 ... */
const QUIET_MS = 5_000;
/** ... then the pace climbs back to the best limit over this long: recovery is bounded by their sum. */
const RECOVERY_MS = 10_000;
/** Backoff after a 429 without Retry-After: doubles per consecutive 429, capped. */
const PAUSE_BASE_MS = 500;
const PAUSE_MAX_MS = 30_000;
/** How far back the accepted rate is measured when a 429 arrives: the window of a per-second limit. */
const MEASURE_WINDOW_MS = 1000;

/**
 * One pace for every request of a deploy to one Domo instance. Domo publishes no rate limit, so it
 * is learned: until the first 429 nothing is paced, but only a few requests are in flight at
 * first, one more per accepted request (slow start), so a low limit costs a 429 or two, not a
 * burst of them. A 429 sets the learned limit to the rate Domo accepted over the last second,
 * and from then on requests leave one every 1/(0.95 × limit) seconds (a leaky bucket that holds
 * no credit, so a pause is never followed by a burst). A pace that holds under a limit counted in
 * any window of time, fixed or sliding, never draws a 429; so the pace is not raised to find out
 * and only a 429 at the pace lowers it, by a step at least (the limit fell, or the requests'
 * timing jittered past a window's edge). A 429 holds new requests until its Retry-After (a
 * jittered backoff without one). A limit lowered below the best one learned climbs back to it
 * within 15 seconds without a 429; a 429 on the climb makes what the climb found the best.
 */
export class AdaptiveThrottle {
  readonly #maxInFlight: number;
  readonly #minRate: number;
  readonly #now: () => number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  /** The limit learned by the last 429, and the best one the pace climbs back to. */
  #learned: number | undefined;
  #best: number | undefined;
  #learnedAt = -Infinity;
  #window: number;
  #nextAt = 0;
  #pausedUntil = 0;
  #consecutive429 = 0;
  #inFlight = 0;
  #sent = 0;
  #throttled = 0;
  #pausedMs = 0;
  /** When recent accepted attempts were answered, for the rate Domo accepted. */
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
      rate: this.#rate(this.#now()),
      learnedLimit: this.#limit(this.#now()),
      pausedMs: this.#pausedMs,
    };
  }

  /** The limit the pace follows at `now`: the learned one, climbing back to the best one after a quiet spell. */
  #limit(now: number): number | undefined {
    if (this.#learned === undefined || this.#best === undefined) return undefined;
    const climbed = Math.min(1, Math.max(0, (now - this.#learnedAt - QUIET_MS) / RECOVERY_MS));
    return this.#learned + (this.#best - this.#learned) * climbed;
  }

  /** The pace at `now`: HEADROOM of the limit it follows. */
  #rate(now: number): number | undefined {
    const limit = this.#limit(now);
    return limit === undefined ? undefined : Math.max(this.#minRate, HEADROOM * limit);
  }

  #grant(): Permit {
    const started = this.#now();
    this.#firstAt ??= started;
    this.#inFlight++;
    this.#sent++;
    const rate = this.#rate(started);
    // No credit is banked: an idle or paused spell is never made up for with a burst.
    if (rate !== undefined) this.#nextAt = Math.max(started, this.#nextAt) + 1000 / rate;
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
      this.#learn(started, now);
      const until = now + (report.retryAfterMs ?? this.#backoff());
      if (until > this.#pausedUntil) {
        this.#pausedMs += until - Math.max(now, this.#pausedUntil);
        this.#pausedUntil = until;
      }
      return;
    }
    if (report.status === undefined || report.status >= 500) return;
    this.#consecutive429 = 0;
    // When Domo counted it is closer to its answer than to its start when answers are slow.
    this.#accepted.push(now);
    if (this.#window < this.#maxInFlight) this.#window++;
  }

  /**
   * Learns the limit from a 429 sent after the last one was learned from: the requests in flight
   * when the first 429 of a burst arrived were refused for the same reason and teach nothing new.
   */
  #learn(started: number, now: number): void {
    if (started < this.#learnedAt) return;
    const limitNow = this.#limit(now);
    // Measured over the last second, or since the pause ended (a pause is no sign of the limit).
    const since = Math.max(now - MEASURE_WINDOW_MS, this.#firstAt ?? now, Math.min(this.#pausedUntil, now));
    this.#accepted = this.#accepted.filter((t) => t > now - MEASURE_WINDOW_MS);
    const spanMs = now - since;
    const count = this.#accepted.filter((t) => t >= since).length;
    const measured = Math.max(this.#minRate, count / (Math.max(MEASURE_WINDOW_MS, spanMs) / 1000));
    if (count === 0 && this.#learned !== undefined) {
      // Refused before anything was accepted since the pause: the pause was short, the pace says nothing.
      this.#learnedAt = now;
      return;
    }
    const climbing = limitNow !== undefined && this.#best !== undefined && now > this.#learnedAt + QUIET_MS && limitNow < this.#best;
    this.#learnedAt = now;
    if (limitNow === undefined || this.#best === undefined) {
      this.#learned = this.#best = measured;
    } else if (climbing) {
      // Refused on the climb back: the best limit is no longer there; the climb found where it is.
      this.#learned = this.#best = Math.max(this.#learned ?? measured, Math.min(measured, HEADROOM * limitNow));
    } else {
      // Refused at the pace, whether the limit fell or the requests' timing jittered past it: lower
      // the pace by a step at least for now; the climb back tests whether the best limit still holds.
      this.#learned = Math.min(measured, HEADROOM * limitNow);
    }
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
        const target = Math.max(this.#pausedUntil, this.#learned === undefined ? 0 : this.#nextAt);
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
