import type { Engine } from '../engine/engine';

/** One line about the whole deploy: requests so far, what waits, the pace and what Domo's limit turned out to be. */
export function describeProgress(engine: Engine): string {
  const stats = engine.throttleStats();
  const sum = (f: (s: (typeof stats)[number]) => number) => stats.reduce((n, s) => n + f(s), 0);
  const rate = stats.map((s) => s.rate).find((r) => r !== undefined);
  const limit = stats.map((s) => s.learnedLimit).find((r) => r !== undefined);
  const seconds = Math.round((Date.now() - engine.startedAt) / 1000);
  const parts = [
    `${engine.requests.toLocaleString('en-US')} requests done`,
    `${sum((s) => s.queued + s.inFlight)} in flight or waiting`,
    rate === undefined ? 'unpaced (no 429 yet)' : `pace ${rate.toFixed(1)}/s`,
    ...(limit === undefined ? [] : [`Domo's limit learned: ~${limit.toFixed(1)}/s`]),
    `${sum((s) => s.throttled)} answered 429`,
    `paused ${(sum((s) => s.pausedMs) / 1000).toFixed(1)} s`,
    `${engine.running} instance${engine.running === 1 ? '' : 's'} in progress`,
  ];
  return `domo-identity: progress after ${seconds} s: ${parts.join(', ')}`;
}
