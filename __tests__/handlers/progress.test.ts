import { TimeBudget } from '../../src/domo/budget';
import { describeProgress, etaSeconds, type ProgressSource } from '../../src/handlers/progress';
import type { ThrottleStats } from '../../src/domo/throttle';

describe('progress lines: the ETA and the time budget', () => {
  it('expects the instances not yet done to cost what the finished ones did, at the pace', () => {
    // 10 of 40 instances done in 1,000 requests: 3,000 more at 50/s.
    expect(etaSeconds({ requests: 1000, finished: 10, stackInstances: 40, pace: 50, elapsedS: 25 })).toBe(60);
    // Unpaced: at the rate so far.
    expect(etaSeconds({ requests: 1000, finished: 10, stackInstances: 40, pace: undefined, elapsedS: 10 })).toBe(30);
    expect(etaSeconds({ requests: 1000, finished: 0, stackInstances: 40, pace: 50, elapsedS: 10 })).toBeUndefined();
    // More instances than the stack holds (an instance replaced is removed and created): nothing negative.
    expect(etaSeconds({ requests: 1000, finished: 50, stackInstances: 40, pace: 50, elapsedS: 10 })).toBe(0);
  });

  it('prints the pace, the learned limit, the ETA and the lost time against the budget', () => {
    const stats: ThrottleStats = { sent: 1010, throttled: 3, queued: 20, inFlight: 4, rate: 47.5, learnedLimit: 50, pausedMs: 2000 };
    const budget = new TimeBudget(20_000, () => 0);
    const source: ProgressSource = {
      requests: 1000,
      running: 2,
      finished: 10,
      startedAt: 0,
      stackInstances: 40,
      throttleStats: () => [stats],
      budget,
    };
    const line = describeProgress(source, 30_000);
    expect(line).toBe(
      'domo-identity: progress after 30 s: 1,000 requests done, 24 in flight or waiting, pace 47.5/s, ' +
        "Domo's limit learned: ~50.0/s, 3 answered 429, paused 2.0 s, 2 instances in progress, 10 done of at most 40, " +
        'ETA at most 64 s, time budget: 0.0 s of 20 s lost to 429s and failures',
    );
  });
});
