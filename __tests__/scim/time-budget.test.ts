import { TimeBudget } from '../../src/domo/budget';
import { ScimError, ScimTimeoutError } from '../../src/domo/errors';
import { DEFAULT_RETRY_POLICY, withRetry, type AttemptResult } from '../../src/domo/retry';
import { fakeClock } from '../support/fake-clock';

describe('the time budget counts time lost, not time taken', () => {
  it('counts from a refused or failed attempt to the next accepted one, once for all requests together', () => {
    const clock = fakeClock();
    const budget = new TimeBudget(10_000, clock.now);
    budget.record(200);
    clock.advance(60_000);
    budget.record(201);
    expect(budget.lostMs()).toBe(0);
    budget.record(429);
    clock.advance(1000);
    budget.record(503);
    budget.record(undefined);
    clock.advance(500);
    expect(budget.lostMs()).toBe(1500);
    // A 404 is an answer: Domo is serving.
    budget.record(404);
    clock.advance(30_000);
    expect(budget.lostMs()).toBe(1500);
    expect(budget.wouldOverrun(8500)).toBe(false);
    expect(budget.wouldOverrun(8501)).toBe(true);
  });

  const ctx = (budget: TimeBudget, clock: ReturnType<typeof fakeClock>) => ({
    policy: { ...DEFAULT_RETRY_POLICY, maxAttempts: 100, totalTimeMs: 10 * 60_000 },
    idempotent: true,
    sleep: clock.sleep,
    random: () => 0.5,
    now: clock.now,
    budget,
  });

  it('a call paced slowly for far longer than the budget still succeeds: waiting for the pace is not lost time', async () => {
    const clock = fakeClock();
    const budget = new TimeBudget(1000, clock.now);
    for (let i = 0; i < 100; i++) {
      const value = await withRetry(ctx(budget, clock), async (): Promise<AttemptResult<number>> => {
        clock.advance(200);
        budget.record(200);
        return { ok: true, value: i };
      });
      expect(value).toBe(i);
    }
    expect(clock.now()).toBe(20_000);
  });

  it('an outage fails once it has lasted the budget, saying so', async () => {
    const clock = fakeClock();
    const budget = new TimeBudget(5000, clock.now);
    const failing = withRetry(ctx(budget, clock), async (): Promise<AttemptResult<number>> => {
      budget.record(503);
      return { ok: false, error: new ScimError({ method: 'GET', path: '/Users', status: 503 }), retryAfterMs: 1000 };
    });
    await expect(failing).rejects.toThrow(ScimTimeoutError);
    await expect(failing).rejects.toThrow(/still failing after \d+ attempts when the time budget \(DOMO_IDENTITY_TIME_BUDGET, 5 s/);
    expect(clock.now()).toBeLessThanOrEqual(5000);
    expect(clock.now()).toBeGreaterThanOrEqual(4000);
  });

  it('429s are retried while the budget lasts, then fail naming it', async () => {
    const clock = fakeClock();
    const budget = new TimeBudget(3000, clock.now);
    let attempts = 0;
    const limited = withRetry(ctx(budget, clock), async (): Promise<AttemptResult<number>> => {
      attempts++;
      clock.advance(1000);
      budget.record(429);
      return { ok: false, error: new ScimError({ method: 'GET', path: '/Users', status: 429 }), retryAfterMs: 1000 };
    });
    await expect(limited).rejects.toThrow(/still rate limited when the time budget/);
    expect(attempts).toBe(4);
  });
});
