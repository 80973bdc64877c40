import { setTimeout as delay } from 'node:timers/promises';
import type { Dispatcher } from 'undici';
import { ConfigError } from '../errors';
import { asDomoApiError, DomoApiError } from '../domo-api/errors';
import { isLoopbackHost } from '../scim/base-url';
import type { ScimClientOptions } from '../scim/client';
import { errorCode, errorFromResponse, ScimError, ScimTimeoutError } from '../scim/errors';
import { isIdempotent, parseRetryAfter, resolveRetryPolicy, TIMEOUT_CODES, withRetry, type RetryPolicy } from '../scim/retry';

/**
 * The two dataset calls the SCIM client cannot make: the token exchange (HTTP Basic, not its
 * bearer header) and the CSV export (a body streamed, not buffered and parsed as JSON). They run
 * through the SCIM client's own retry loop, error parsing and redaction; everything else goes
 * through a ScimClient.
 */

/** Transport settings shared with the ScimClient of the same read. */
export interface DatasetTransport extends Pick<ScimClientOptions, 'retry' | 'requestTimeoutMs' | 'sleep'> {
  readonly dispatcher: Dispatcher;
}

export interface RawRequest {
  readonly method: string;
  /** Path below the API root, without the query. */
  readonly path: string;
  readonly query?: Record<string, string>;
  readonly headers: Record<string, string>;
  /** Removed from everything an error stores. */
  readonly secrets: readonly string[];
  /** @default - true for every method but POST */
  readonly idempotent?: boolean;
}

/** A validated API root. */
export interface ApiRoot {
  readonly origin: string;
  /** Path prefix without a trailing slash; '' at the host root. */
  readonly basePath: string;
  /** origin + basePath, for messages and ScimClient. */
  readonly url: string;
}

/** An API root: https, or plain http to loopback only (the local service), as for SCIM. */
export function parseApiRoot(raw: string, what: string, example: string): ApiRoot {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${what} "${raw}" is not a valid URL; expected something like ${example}`);
  }
  if (url.username !== '' || url.password !== '') throw new ConfigError(`${what} must not contain credentials`);
  const basePath = url.pathname.replace(/\/+$/, '');
  const shown = `${url.origin}${basePath}`;
  if (url.search !== '' || url.hash !== '')
    throw new ConfigError(
      `${what} "${shown}${url.search}${url.hash}" must not have a query or fragment; expected something like ${example}`,
    );
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      `${what} "${shown}" must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1]); expected something like ${example}`,
    );
  }
  return { origin: url.origin, basePath, url: shown };
}

/**
 * Sends one request (with retries) and resolves with the 2xx response, its body not yet read; the
 * caller must consume or destroy it. Failures are DomoApiErrors (ScimTimeoutError for timeouts).
 */
export async function sendRaw(root: ApiRoot, transport: DatasetTransport, req: RawRequest): Promise<Dispatcher.ResponseData> {
  const policy: RetryPolicy = resolveRetryPolicy(transport.retry);
  const timeoutMs = transport.requestTimeoutMs ?? 30_000;
  const sleep = transport.sleep ?? ((ms: number) => delay(ms));
  const target = `${root.basePath}${req.path}${queryString(req.query)}`;
  const context = { policy, idempotent: isIdempotent(req.method, req.idempotent), sleep, random: Math.random, now: Date.now };
  return withRetry(context, async (_attempt, remainingMs) => {
    const timeout = Math.max(1, Math.min(timeoutMs, remainingMs));
    let res: Dispatcher.ResponseData;
    try {
      res = await transport.dispatcher.request({
        origin: root.origin,
        path: target,
        method: req.method,
        headers: req.headers,
        headersTimeout: timeout,
        bodyTimeout: timeout,
      });
    } catch (cause) {
      return { ok: false, error: transportError(req, cause) };
    }
    if (res.statusCode >= 200 && res.statusCode <= 299) return { ok: true, value: res };
    let text = '';
    try {
      text = await res.body.text();
    } catch {
      // The status says enough.
    }
    const error = errorFromResponse({ method: req.method, path: req.path, status: res.statusCode, body: text, secrets: req.secrets });
    return { ok: false, error: asDomoApiError(error) as ScimError, retryAfterMs: parseRetryAfter(res.headers['retry-after'], Date.now()) };
  });
}

function transportError(req: RawRequest, cause: unknown): ScimError {
  const code = errorCode(cause);
  const reason = cause instanceof Error ? cause.message : String(cause);
  const init = {
    method: req.method,
    path: req.path,
    cause,
    secrets: req.secrets,
    message: `Domo API ${req.method} ${req.path} failed: ${code ? `${code} ` : ''}${reason}`,
  };
  return code !== undefined && TIMEOUT_CODES.has(code) ? new ScimTimeoutError(init) : new DomoApiError(init);
}

function queryString(query: Record<string, string> | undefined): string {
  const entries = Object.entries(query ?? {});
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}
