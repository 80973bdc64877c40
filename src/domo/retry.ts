import { ConfigError } from '../errors';
import type { TimeBudget } from './budget';
import { errorCode, ScimError, ScimTimeoutError } from './errors';

export interface RetryPolicy {
  /** Attempts per call, the first included. @default 8 */
  maxAttempts: number;
  /** Backoff ceiling of the first retry; doubles per retry. @default 200 */
  baseDelayMs: number;
  /** Cap of one backoff wait (a server's Retry-After is honoured beyond it). @default 20_000 */
  maxDelayMs: number;
  /** Cap on the total time of one call, waits included. @default 120_000 */
  totalTimeMs: number;
}

export const DEFAULT_RETRY_POLICY: Readonly<RetryPolicy> = {
  maxAttempts: 8,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  totalTimeMs: 120_000,
};

export function resolveRetryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const policy = { ...DEFAULT_RETRY_POLICY, ...overrides };
  for (const [name, value] of Object.entries(policy)) {
    if (!Number.isFinite(value) || value < 0) {
      throw new ConfigError(`retry.${name} must be a finite number >= 0, got ${value}`);
    }
  }
  if (!Number.isInteger(policy.maxAttempts) || policy.maxAttempts < 1) {
    throw new ConfigError(`retry.maxAttempts must be an integer >= 1, got ${policy.maxAttempts}`);
  }
  return policy;
}

const RETRYABLE_STATUS = new Set([429, 500, 502, 503, 504]);
/** Transport failures after which the request may or may not have been processed. */
const CONNECTION_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);
/** Failures before any byte reached the server: safe to resend even a POST. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'UND_ERR_CONNECT_TIMEOUT', 'EAI_AGAIN']);
export const TIMEOUT_CODES: ReadonlySet<string> = new Set([
  'ETIMEDOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_CONNECT_TIMEOUT',
]);

/** POST creates, so a blind resend could create twice; the caller's explicit word wins. */
export function isIdempotent(method: string, override?: boolean): boolean {
  return override ?? method.toUpperCase() !== 'POST';
}

export function isRetryable(error: ScimError, idempotent: boolean): boolean {
  // 429 means the request was refused before being processed, so even a POST may be resent.
  if (error.status !== undefined) return error.status === 429 || (idempotent && RETRYABLE_STATUS.has(error.status));
  const code = errorCode(error.cause);
  if (code === undefined) return false;
  return NOT_SENT_CODES.has(code) || (idempotent && CONNECTION_CODES.has(code));
}

/** Exponential backoff with full jitter (uniform in [0, ceiling)), so clients that failed together spread out. */
export function backoffDelay(retry: number, policy: RetryPolicy, random: () => number): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (retry - 1));
  return Math.floor(random() * ceiling);
}

/** Milliseconds to wait from a Retry-After header (delta seconds or HTTP-date), never negative. */
export function parseRetryAfter(value: string | string[] | undefined, nowMs: number): number | undefined {
  const raw = (Array.isArray(value) ? value[0] : value)?.trim();
  if (raw === undefined || raw === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(raw)) return Math.round(Number(raw) * 1000);
  // Require a letter so that numbers-with-junk are not read as odd dates by Date.parse.
  const at = /[a-z]/i.test(raw) ? Date.parse(raw) : NaN;
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

export type AttemptResult<T> = { ok: true; value: T } | { ok: false; error: ScimError; retryAfterMs?: number };

export interface RetryContext {
  readonly policy: RetryPolicy;
  readonly idempotent: boolean;
  readonly sleep: (ms: number) => Promise<void>;
  readonly random: () => number;
  readonly now: () => number;
  /**
   * The time the deploy may lose to 429s and failures. A 429 is refused before any work is done,
   * so it is never a failure while the budget lasts; the throttle does the waiting.
   */
  readonly budget: TimeBudget;
}

function overBudget(error: ScimError, budget: TimeBudget, what: string): ScimError {
  const lost = Math.round(budget.lostMs() / 1000);
  return error.annotate(
    `${what} when the time budget (DOMO_IDENTITY_TIME_BUDGET, ${Math.round(budget.budgetMs / 1000)} s of waiting on 429s and failures) was spent: ${lost} s lost so far; the rest is done by the next deploy`,
    ScimTimeoutError,
  );
}

/**
 * Runs `attempt` until it succeeds or fails for good. A 429 is retried while the time budget
 * lasts without counting as an attempt (the shared throttle paces and pauses every request);
 * other retryable failures are retried up to `maxAttempts` times with backoff and jitter, within
 * `totalTimeMs` of time spent on them and the time budget. `remainingMs` lets the attempt bound
 * its own timeouts.
 */
export async function withRetry<T>(ctx: RetryContext, attempt: (n: number, remainingMs: number) => Promise<AttemptResult<T>>): Promise<T> {
  const { policy } = ctx;
  let spent = 0;
  let failures = 0;
  for (let n = 1; ; n++) {
    const began = ctx.now();
    const result = await attempt(n, policy.totalTimeMs - spent);
    if (result.ok) return result.value;
    const { error } = result;
    if (!isRetryable(error, ctx.idempotent)) throw error;
    if (error.status === 429) {
      if (ctx.budget.wouldOverrun(result.retryAfterMs ?? 0)) throw overBudget(error, ctx.budget, 'still rate limited');
      continue;
    }
    spent += ctx.now() - began;
    failures++;
    if (failures >= policy.maxAttempts) throw n === 1 ? error : error.annotate(`gave up after ${failures} attempts`);
    const delay = result.retryAfterMs ?? backoffDelay(failures, policy, ctx.random);
    if (spent + delay > policy.totalTimeMs) {
      throw error.annotate(
        `gave up after ${failures} attempt${failures === 1 ? '' : 's'} in ${spent} ms: waiting ${delay} ms more would exceed the ${policy.totalTimeMs} ms time cap`,
        ScimTimeoutError,
      );
    }
    if (ctx.budget.wouldOverrun(delay))
      throw overBudget(error, ctx.budget, `still failing after ${failures} attempt${failures === 1 ? '' : 's'}`);
    await ctx.sleep(delay);
    spent += delay;
  }
}
