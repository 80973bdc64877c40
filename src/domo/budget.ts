/** The default time budget of one deploy or command: time it may lose to throttling and outages. */
export const DEFAULT_TIME_BUDGET_MS = 30 * 60_000;

/**
 * What DOMO_IDENTITY_TIME_BUDGET bounds: time lost, not time taken. Lost time runs from an attempt
 * Domo refused (429) or failed (5xx, no answer) to the next attempt it accepted, counted once for
 * every request of the deploy together. Waiting for the pace is the expected cost of the deploy's
 * size and is never counted, so a big deploy is never failed for being big; a deploy into an
 * outage fails once the outage has lasted the budget.
 */
export class TimeBudget {
  readonly budgetMs: number;
  readonly #now: () => number;
  #lostMs = 0;
  #failingSince: number | undefined;

  constructor(budgetMs: number = DEFAULT_TIME_BUDGET_MS, now: () => number = Date.now) {
    this.budgetMs = budgetMs;
    this.#now = now;
  }

  /** Records how an attempt ended: any answer but 429 or 5xx means Domo is serving again. */
  record(status: number | undefined): void {
    const now = this.#now();
    if (status === undefined || status === 429 || status >= 500) {
      this.#failingSince ??= now;
    } else if (this.#failingSince !== undefined) {
      this.#lostMs += now - this.#failingSince;
      this.#failingSince = undefined;
    }
  }

  /** Time lost so far, including a failing spell still going on. */
  lostMs(): number {
    return this.#lostMs + (this.#failingSince === undefined ? 0 : this.#now() - this.#failingSince);
  }

  /** Whether waiting `ms` more before the next attempt would overrun the budget. */
  wouldOverrun(ms: number): boolean {
    return this.lostMs() + ms > this.budgetMs;
  }
}
