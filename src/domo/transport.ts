import { setTimeout as delay } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { errorFromResponse } from './errors';
import { ErrorMaker, parseBody, queryString } from './responses';
import {
  DEFAULT_TIME_BUDGET_MS,
  isIdempotent,
  parseRetryAfter,
  resolveRetryPolicy,
  withRetry,
  type AttemptResult,
  type RetryPolicy,
} from './retry';
import { AdaptiveThrottle } from './throttle';
import type { ApiRoot } from './url';

/** Reported after every attempt, for metrics and request logs. Never carries the token. */
export interface ResponseEvent {
  readonly method: string;
  /** Path relative to the root, without the query (which may hold user names). */
  readonly path: string;
  /** undefined when no response arrived (connection error, timeout). */
  readonly status: number | undefined;
  readonly attempt: number;
}

/** How requests are sent: shared by every client of one deploy or command. */
export interface TransportSettings {
  /** @default - a keep-alive Agent owned (and closed) by the transport */
  readonly dispatcher?: Dispatcher;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Headers and body (idle) timeouts of one attempt. @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** One adaptive limit for every request that shares it. @default - a throttle of this transport's own */
  readonly throttle?: AdaptiveThrottle;
  /** Epoch ms until which 429s are retried. @default - 30 minutes from the transport's creation */
  readonly rateLimitDeadline?: number;
  /** @default - a real timer; inject to keep tests off the clock */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Clock in epoch ms, for time caps and Retry-After dates. @default Date.now */
  readonly now?: () => number;
  /** Called after every attempt; its errors are ignored. */
  readonly onResponse?: (e: ResponseEvent) => void;
}

export interface TransportOptions extends TransportSettings {
  readonly root: ApiRoot;
  /** Names the API in messages: `SCIM GET /Users failed …`, `Domo API GET /v1/… failed …`. */
  readonly label: 'SCIM' | 'Domo API';
  /** Sent with every request (the credentials). */
  readonly headers?: Record<string, string>;
  /** Removed from everything an error stores or a message shows. */
  readonly secrets?: readonly string[];
}

export interface RequestOptions<T> {
  readonly query?: Record<string, string>;
  /** Sent as JSON unless `rawBody` is given. */
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /** Validates a non-empty 2xx body; without it the body is returned as parsed JSON, unchecked. */
  readonly schema?: z.ZodType<T>;
  /** @default - true for every method but POST */
  readonly idempotent?: boolean;
}

export interface SendOptions {
  readonly query?: Record<string, string>;
  readonly headers?: Record<string, string>;
  /** A body sent as is (e.g. a form). */
  readonly body?: string;
  readonly idempotent?: boolean;
}

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
  readonly #throttle: AdaptiveThrottle;
  readonly #deadline: number;
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
    this.#errors = new ErrorMaker(this.#label, this.#secrets);
    this.#policy = resolveRetryPolicy(options.retry);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    if (!(this.#requestTimeoutMs > 0) || !Number.isFinite(this.#requestTimeoutMs)) {
      throw new ConfigError(`${this.#label} requestTimeoutMs must be a positive number of milliseconds, got ${options.requestTimeoutMs}`);
    }
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#throttle = options.throttle ?? new AdaptiveThrottle({ sleep: this.#sleep, random: this.#random, now: this.#now });
    this.#deadline = options.rateLimitDeadline ?? this.#now() + DEFAULT_TIME_BUDGET_MS;
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
      throttle: this.#throttle,
      rateLimitDeadline: this.#deadline,
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
        const text = await res.body.text();
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

  async #attempts<R>(
    method: string,
    path: string,
    opts: SendOptions,
    accept: (res: Dispatcher.ResponseData, method: string, path: string) => Promise<AttemptResult<R>>,
  ): Promise<R> {
    const verb = method.toUpperCase();
    const relPath = path.startsWith('/') ? path : `/${path}`;
    const target = this.root.basePath + relPath + queryString(opts.query);
    const headers = { ...this.#headers, ...opts.headers };
    const context = {
      policy: this.#policy,
      idempotent: isIdempotent(verb, opts.idempotent),
      sleep: this.#sleep,
      random: this.#random,
      now: this.#now,
      rateLimitDeadline: this.#deadline,
    };
    return withRetry(context, async (attempt, remainingMs): Promise<AttemptResult<R>> => {
      const permit = await this.#throttle.acquire();
      // Bound each attempt by what is left of the total time cap, too.
      const timeout = Math.max(1, Math.min(this.#requestTimeoutMs, remainingMs));
      let res: Dispatcher.ResponseData;
      try {
        res = await this.#dispatcher.request({
          origin: this.root.origin,
          path: target,
          method: verb,
          headers,
          body: opts.body,
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
      } catch (cause) {
        permit.done({ status: undefined });
        this.#report(verb, relPath, undefined, attempt);
        return { ok: false, error: this.#errors.transport(verb, relPath, cause) };
      }
      const status = res.statusCode;
      const retryAfterMs = status === 429 || status === 503 ? parseRetryAfter(res.headers['retry-after'], this.#now()) : undefined;
      permit.done({ status, retryAfterMs });
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
        text = await res.body.text();
      } catch {
        // The status says enough.
      }
      const error = this.#errors.relabel(errorFromResponse({ method: verb, path: relPath, status, body: text, secrets: this.#secrets }));
      return { ok: false, error, retryAfterMs };
    });
  }

  #report(method: string, path: string, status: number | undefined, attempt: number): void {
    try {
      this.#onResponse?.({ method, path, status, attempt });
    } catch {
      // Metrics must never break a sync.
    }
  }
}
