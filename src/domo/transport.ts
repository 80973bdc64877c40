import { setTimeout as delay } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { ConfigError } from '../errors';
import { BodyTooLargeError, MAX_BODY_BYTES, MAX_ERROR_BODY_BYTES, readBodyText } from './body';
import { errorFromResponse } from './errors';
import { ErrorMaker, parseBody, queryString } from './responses';
import { TimeBudget } from './budget';
import { isIdempotent, parseRetryAfter, resolveRetryPolicy, withRetry, type AttemptResult, type RetryPolicy } from './retry';
import { AdaptiveThrottle } from './throttle';
import type { ApiRoot } from './url';
import type { RequestOptions, ResponseEvent, SendOptions, TransportOptions } from './transport-options';

/**
 * The one way requests reach Domo: one URL rule (the root was validated by parseApiRoot), one
 * retry loop, one shared throttle, one redaction and typed errors (ScimError for SCIM, DomoApiError
 * for the other APIs, ScimTimeoutError for timeouts). The SCIM client, the attribute, role and
 * policy client and the dataset readers all send through it.
 */
export class DomoTransport {
  readonly root: ApiRoot;
  readonly #label: TransportOptions['label'];
  readonly #headers: Record<string, string>;
  readonly #secrets: readonly string[];
  readonly #errors: ErrorMaker;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #policy: RetryPolicy;
  readonly #requestTimeoutMs: number;
  readonly #maxBodyBytes: number;
  readonly #throttle: AdaptiveThrottle;
  readonly #budget: TimeBudget;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #onResponse?: (e: ResponseEvent) => void;
  #closed = false;

  constructor(options: TransportOptions) {
    this.root = options.root;
    this.#label = options.label;
    this.#headers = { ...options.headers };
    this.#secrets = [...(options.secrets ?? [])];
    this.#errors = new ErrorMaker(this.#label, this.#secrets, this.root.origin);
    this.#policy = resolveRetryPolicy(options.retry);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    if (!(this.#requestTimeoutMs > 0) || !Number.isFinite(this.#requestTimeoutMs)) {
      throw new ConfigError(`${this.#label} requestTimeoutMs must be a positive number of milliseconds, got ${options.requestTimeoutMs}`);
    }
    this.#maxBodyBytes = options.maxBodyBytes ?? MAX_BODY_BYTES;
    if (!Number.isSafeInteger(this.#maxBodyBytes) || this.#maxBodyBytes < 1) {
      throw new ConfigError(`${this.#label} maxBodyBytes must be a positive whole number of bytes, got ${options.maxBodyBytes}`);
    }
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#throttle = options.throttle ?? new AdaptiveThrottle({ sleep: this.#sleep, random: this.#random, now: this.#now });
    this.#budget = options.budget ?? new TimeBudget(undefined, this.#now);
    this.#onResponse = options.onResponse;
    // Created last, so a ConfigError above leaves no open agent behind.
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000 });
  }

  /** A transport to another root with the same dispatcher, throttle, policy and clock, and other credentials. */
  derive(options: Pick<TransportOptions, 'root' | 'label' | 'headers' | 'secrets'>): DomoTransport {
    return new DomoTransport({
      ...options,
      dispatcher: this.#dispatcher,
      retry: this.#policy,
      requestTimeoutMs: this.#requestTimeoutMs,
      maxBodyBytes: this.#maxBodyBytes,
      throttle: this.#throttle,
      budget: this.#budget,
      sleep: this.#sleep,
      random: this.#random,
      now: this.#now,
      onResponse: this.#onResponse,
    });
  }

  /** The same credentials sent to another root of the same Domo instance (its non-SCIM APIs). */
  withRoot(root: ApiRoot, label: TransportOptions['label']): DomoTransport {
    return this.derive({ root, label, headers: this.#headers, secrets: this.#secrets });
  }

  /** Sends one JSON request (with retries) and returns the validated body. */
  async request<T>(method: string, path: string, opts: RequestOptions<T> = {}): Promise<{ status: number; body: T | undefined }> {
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers = {
      accept: this.#label === 'SCIM' ? 'application/scim+json, application/json' : 'application/json',
      ...(payload === undefined ? {} : { 'content-type': this.#label === 'SCIM' ? 'application/scim+json' : 'application/json' }),
      ...opts.headers,
    };
    return this.#attempts(
      method,
      path,
      { query: opts.query, headers, body: payload, idempotent: opts.idempotent },
      async (res, verb, relPath) => {
        let text: string;
        try {
          text = await readBodyText(res.body, this.#maxBodyBytes, 'fail');
        } catch (cause) {
          if (!(cause instanceof BodyTooLargeError)) throw cause;
          // Not retried: the same request would get the same answer.
          const message = `${this.#label} ${verb} ${relPath} returned ${res.statusCode} with ${cause.message}`;
          return { ok: false, error: this.#errors.make({ method: verb, path: relPath, status: res.statusCode, message }) };
        }
        return parseBody(this.#errors, verb, relPath, res.statusCode, text, opts.schema);
      },
    );
  }

  /**
   * Sends one request (with retries) and resolves with the 2xx response, its body not yet read (a
   * streamed download); the caller must consume or destroy it.
   */
  send(method: string, path: string, opts: SendOptions = {}): Promise<Dispatcher.ResponseData> {
    return this.#attempts(method, path, opts, async (res) => ({ ok: true, value: res }));
  }

  /** Closes the dispatcher if the transport created it; an injected one belongs to the caller. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  /**
   * Drops the requests in flight and sends no more (an injected dispatcher is left to its
   * owner): for a process that must stop writing now rather than wait for Domo's answers.
   */
  async abandon(): Promise<void> {
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.destroy();
  }

  async #attempts<R>(
    method: string,
    path: string,
    opts: SendOptions,
    accept: (res: Dispatcher.ResponseData, method: string, path: string) => Promise<AttemptResult<R>>,
  ): Promise<R> {
    const verb = method.toUpperCase();
    const relPath = path.startsWith('/') ? path : `/${path}`;
    const request: Attempt = {
      verb,
      relPath,
      target: this.root.basePath + relPath + queryString(opts.query),
      headers: { ...this.#headers, ...opts.headers },
      body: opts.body,
    };
    const context = {
      policy: this.#policy,
      idempotent: isIdempotent(verb, opts.idempotent),
      sleep: this.#sleep,
      random: this.#random,
      now: this.#now,
      budget: this.#budget,
    };
    return withRetry(context, (attempt, remainingMs) => this.#attempt(request, attempt, remainingMs, accept));
  }

  async #attempt<R>(
    request: Attempt,
    attempt: number,
    remainingMs: number,
    accept: (res: Dispatcher.ResponseData, method: string, path: string) => Promise<AttemptResult<R>>,
  ): Promise<AttemptResult<R>> {
    const { verb, relPath } = request;
    const permit = await this.#throttle.acquire();
    // Bound each attempt by what is left of the total time cap, too.
    const timeout = Math.max(1, Math.min(this.#requestTimeoutMs, remainingMs));
    let res: Dispatcher.ResponseData;
    try {
      res = await this.#dispatcher.request({
        origin: this.root.origin,
        path: request.target,
        method: verb,
        headers: request.headers,
        body: request.body,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (cause) {
      permit.done({ status: undefined });
      this.#budget.record(undefined);
      this.#report(verb, relPath, undefined, attempt);
      return { ok: false, error: this.#errors.transport(verb, relPath, cause) };
    }
    const status = res.statusCode;
    const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after'], this.#now()) : undefined;
    permit.done({ status, retryAfterMs });
    this.#budget.record(status);
    this.#report(verb, relPath, status, attempt);
    if (status >= 200 && status <= 299) {
      try {
        return await accept(res, verb, relPath);
      } catch (cause) {
        // A body that broke off after the headers is still a transport failure, retried as such.
        return { ok: false, error: this.#errors.transport(verb, relPath, cause) };
      }
    }
    let text = '';
    try {
      // The start of an error body holds the reason; the rest is never read.
      text = await readBodyText(res.body, MAX_ERROR_BODY_BYTES, 'truncate');
    } catch {
      // The status says enough.
    }
    const error = this.#errors.relabel(errorFromResponse({ method: verb, path: relPath, status, body: text, secrets: this.#secrets }));
    return { ok: false, error, retryAfterMs };
  }

  #report(method: string, path: string, status: number | undefined, attempt: number): void {
    try {
      this.#onResponse?.({ method, path, status, attempt });
    } catch {
      // Metrics must never break a sync.
    }
  }
}

/** One request as every attempt of a call sends it. */
interface Attempt {
  readonly verb: string;
  /** Relative to the root, without the query: what messages and metrics name. */
  readonly relPath: string;
  readonly target: string;
  readonly headers: Record<string, string>;
  readonly body?: string;
}
