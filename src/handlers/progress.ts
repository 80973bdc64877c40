import type { Engine } from '../engine/engine';

/** What a progress line is made of: the engine's counters and its throttles. */
export type ProgressSource = Pick<
  Engine,
  'requests' | 'running' | 'finished' | 'startedAt' | 'stackInstances' | 'throttleStats' | 'budget'
>;

/**
 * Seconds of requests still expected: the stack's instances not yet done, at the requests per
 * instance seen so far, at the pace (or the rate so far while unpaced). An upper bound when only
 * some instances change, since Terraform names them only as it starts them. undefined until an
 * instance has finished.
 */
export function etaSeconds(source: {
  requests: number;
  finished: number;
  stackInstances: number;
  pace: number | undefined;
  elapsedS: number;
}): number | undefined {
  const { requests, finished, stackInstances, elapsedS } = source;
  const pace = source.pace ?? (elapsedS > 0 ? requests / elapsedS : undefined);
  if (finished === 0 || pace === undefined || !(pace > 0)) return undefined;
  const expected = Math.max(requests, (requests / finished) * Math.max(stackInstances, finished));
  return (expected - requests) / pace;
}

/** One line about the whole deploy: requests so far, what waits, the pace, what Domo's limit turned out to be, the ETA and the budget. */
export function describeProgress(engine: ProgressSource, now: number = Date.now()): string {
  const stats = engine.throttleStats();
  const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((n, s) => n + f(s), 0);
  const rate = stats.map((s) => s.rate).find((r) => r !== undefined);
  const limit = stats.map((s) => s.learnedLimit).find((r) => r !== undefined);
  const elapsedS = (now - engine.startedAt) / 1000;
  const eta = etaSeconds({
    requests: engine.requests,
    finished: engine.finished,
    stackInstances: engine.stackInstances,
    pace: rate,
    elapsedS,
  });
  const parts = [
    `${engine.requests.toLocaleString('en-US')} requests done`,
    `${sum((s) => s.queued + s.inFlight)} in flight or waiting`,
    rate === undefined ? 'unpaced (no 429 yet)' : `pace ${rate.toFixed(1)}/s`,
    ...(limit === undefined ? [] : [`Domo's limit learned: ~${limit.toFixed(1)}/s`]),
    `${sum((s) => s.throttled)} answered 429`,
    `paused ${(sum((s) => s.pausedMs) / 1000).toFixed(1)} s`,
    `${engine.running} instance${engine.running === 1 ? '' : 's'} in progress, ${engine.finished} done of at most ${engine.stackInstances}`,
    eta === undefined ? 'ETA unknown until an instance finishes' : `ETA at most ${Math.ceil(eta)} s`,
    `time budget: ${(engine.budget.lostMs() / 1000).toFixed(1)} s of ${Math.round(engine.budget.budgetMs / 1000)} s lost to 429s and failures`,
  ];
  return `domo-identity: progress after ${Math.round(elapsedS)} s: ${parts.join(', ')}`;
}
