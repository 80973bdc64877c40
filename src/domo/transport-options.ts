import type { Dispatcher } from 'undici';
import type { z } from 'zod';
import type { TimeBudget } from './budget';
import type { RetryPolicy } from './retry';
import type { AdaptiveThrottle } from './throttle';
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
  /** The largest response body read whole; a larger one fails the request, unread past the limit. @default MAX_BODY_BYTES (32 MiB) */
  readonly maxBodyBytes?: number;
  /** One adaptive limit for every request that shares it. @default - a throttle of this transport's own */
  readonly throttle?: AdaptiveThrottle;
  /** The time that may be lost to 429s and failures, shared by every transport of a deploy. @default - 30 minutes of this transport's own */
  readonly budget?: TimeBudget;
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
