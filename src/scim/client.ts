import { setTimeout as delay } from 'node:timers/promises';
import { Agent, type Dispatcher } from 'undici';
import { z } from 'zod';
import { ConfigError } from '../errors';
import { parseScimBaseUrl } from './base-url';
import { errorCode, errorFromResponse, excerpt, redactor, ScimError, ScimTimeoutError } from './errors';
import { userNameFilter } from './filter';
import type { GroupPatchOperation } from './group-operations';
import * as groups from './groups';
import { paginate } from './paginate';
import { isIdempotent, parseRetryAfter, resolveRetryPolicy, TIMEOUT_CODES, withRetry, type AttemptResult, type RetryPolicy } from './retry';
import {
  listResponseSchema,
  ScimUserSchema,
  type PatchOperation,
  type ScimGroup,
  type ScimGroupWrite,
  type ScimUser,
  type ScimUserWrite,
} from './schemas';
import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER, PATCH_OP } from './urns';

export interface ScimResponseEvent {
  readonly method: string;
  /** Path relative to the SCIM root, without the query (which may hold user names). */
  readonly path: string;
  /** undefined when no response arrived (connection error, timeout). */
  readonly status: number | undefined;
  readonly attempt: number;
}

export interface ScimClientOptions {
  /** SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim (trailing slash tolerated). */
  readonly baseUrl: string;
  /** Domo access token. */
  readonly token: string;
  /** @default 'bearer' (Authorization: Bearer); 'developer-token' sends X-Domo-Developer-Token */
  readonly authScheme?: 'bearer' | 'developer-token';
  /** @default - a keep-alive Agent owned (and closed) by the client */
  readonly dispatcher?: Dispatcher;
  /** @default DEFAULT_RETRY_POLICY */
  readonly retry?: Partial<RetryPolicy>;
  /** Headers and body (idle) timeouts of one attempt. @default 30_000 */
  readonly requestTimeoutMs?: number;
  /** @default - a real timer; inject to keep tests off the clock */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Jitter source in [0, 1). @default Math.random */
  readonly random?: () => number;
  /** Clock in epoch ms, for the total time cap and Retry-After dates. @default Date.now */
  readonly now?: () => number;
  /** Called after every attempt, for metrics. Never receives the token; its errors are ignored. */
  readonly onResponse?: (e: ScimResponseEvent) => void;
}

export interface ScimRequestOptions<T> {
  readonly query?: Record<string, string>;
  readonly body?: unknown;
  /** Validates a non-empty 2xx body; without it the body is returned as parsed JSON, unchecked. */
  readonly schema?: z.ZodType<T>;
  /** @default - true for every method but POST */
  readonly idempotent?: boolean;
}

export interface ListOptions {
  readonly filter?: string;
  /** Only these (plus id, schemas, meta), e.g. `['userName']` for a cheap userName -> id listing. */
  readonly attributes?: '_all' | readonly string[];
  /** Leave these out, e.g. `['members']` so a group listing does not carry every member. */
  readonly excludedAttributes?: readonly string[];
  /** @default 200 */
  readonly pageSize?: number;
  /** Told about every page as it arrives, e.g. to decide from `totalResults` whether to keep listing. */
  readonly onPage?: (page: { readonly startIndex: number; readonly items: number; readonly totalResults?: number }) => void;
}

/** A client of Domo's SCIM 2.0 API; one per instance and token, safe for concurrent calls. */
export class ScimClient {
  readonly #origin: string;
  readonly #basePath: string;
  readonly #token: string;
  readonly #authHeader: Record<string, string>;
  readonly #dispatcher: Dispatcher;
  readonly #ownsDispatcher: boolean;
  readonly #policy: RetryPolicy;
  readonly #requestTimeoutMs: number;
  readonly #sleep: (ms: number) => Promise<void>;
  readonly #random: () => number;
  readonly #now: () => number;
  readonly #onResponse?: (e: ScimResponseEvent) => void;
  #closed = false;

  constructor(options: ScimClientOptions) {
    const url = parseScimBaseUrl(options.baseUrl);
    this.#origin = url.origin;
    this.#basePath = url.pathname.replace(/\/+$/, '');
    // Tokens pasted from files often carry a newline; anything else unprintable is a mistake.
    const token = (options.token ?? '').trim();
    if (token === '') throw new ConfigError('SCIM token is empty: pass a Domo access token as the token option');
    if (/[^\x21-\x7e]/.test(token)) {
      throw new ConfigError('SCIM token contains whitespace or non-printable characters: check the value passed as the token option');
    }
    this.#token = token;
    const scheme = options.authScheme ?? 'bearer';
    if (scheme !== 'bearer' && scheme !== 'developer-token') {
      throw new ConfigError(`SCIM authScheme "${String(scheme)}" is not supported; use "bearer" or "developer-token"`);
    }
    this.#authHeader = scheme === 'bearer' ? { authorization: `Bearer ${token}` } : { 'x-domo-developer-token': token };
    this.#policy = resolveRetryPolicy(options.retry);
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    if (!(this.#requestTimeoutMs > 0) || !Number.isFinite(this.#requestTimeoutMs)) {
      throw new ConfigError(`SCIM requestTimeoutMs must be a positive number of milliseconds, got ${options.requestTimeoutMs}`);
    }
    this.#sleep = options.sleep ?? ((ms) => delay(ms));
    this.#random = options.random ?? Math.random;
    this.#now = options.now ?? Date.now;
    this.#onResponse = options.onResponse;
    // Created last, so a ConfigError above leaves no open agent behind.
    this.#ownsDispatcher = options.dispatcher === undefined;
    this.#dispatcher = options.dispatcher ?? new Agent({ keepAliveTimeout: 10_000 });
  }

  /** Sends one SCIM request (with retries) and returns the validated body; the base of every call. */
  async request<T>(method: string, path: string, opts: ScimRequestOptions<T> = {}): Promise<{ status: number; body: T | undefined }> {
    const verb = method.toUpperCase();
    const relPath = path.startsWith('/') ? path : `/${path}`;
    const payload = opts.body === undefined ? undefined : JSON.stringify(opts.body);
    const headers: Record<string, string> = {
      accept: 'application/scim+json, application/json',
      ...this.#authHeader,
      ...(payload === undefined ? {} : { 'content-type': 'application/scim+json' }),
    };
    const target = this.#basePath + relPath + queryString(opts.query);
    const context = {
      policy: this.#policy,
      idempotent: isIdempotent(verb, opts.idempotent),
      sleep: this.#sleep,
      random: this.#random,
      now: this.#now,
    };
    return withRetry(context, async (attempt, remainingMs): Promise<AttemptResult<{ status: number; body: T | undefined }>> => {
      // Bound each attempt by what is left of the total time cap, too.
      const timeout = Math.max(1, Math.min(this.#requestTimeoutMs, remainingMs));
      let status: number | undefined;
      let text: string;
      let retryAfter: string | string[] | undefined;
      try {
        const res = await this.#dispatcher.request({
          origin: this.#origin,
          path: target,
          method: verb,
          headers,
          body: payload,
          headersTimeout: timeout,
          bodyTimeout: timeout,
        });
        status = res.statusCode;
        retryAfter = res.headers['retry-after'];
        text = await res.body.text();
      } catch (cause) {
        this.#report(verb, relPath, status, attempt);
        return { ok: false, error: this.#transportError(verb, relPath, cause) };
      }
      this.#report(verb, relPath, status, attempt);
      if (status < 200 || status > 299) {
        const error = errorFromResponse({ method: verb, path: relPath, status, body: text, secrets: [this.#token] });
        return { ok: false, error, retryAfterMs: parseRetryAfter(retryAfter, this.#now()) };
      }
      return this.#parseBody(verb, relPath, status, text, opts.schema);
    });
  }

  /** Yields a SCIM list resource (`/Users`, `/Groups`) page by page. */
  listResources<T>(path: string, item: z.ZodType<T>, opts: ListOptions = {}): AsyncGenerator<T[], void, undefined> {
    const pageSize = opts.pageSize ?? 200;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new ConfigError(`SCIM pageSize must be an integer >= 1, got ${pageSize}`);
    const query: Record<string, string> = {};
    if (opts.filter !== undefined) query.filter = opts.filter;
    if (opts.attributes !== undefined) query.attributes = opts.attributes === '_all' ? '_all' : opts.attributes.join(',');
    if (opts.excludedAttributes !== undefined) query.excludedAttributes = opts.excludedAttributes.join(',');
    const schema = listResponseSchema(item);
    return paginate(async (startIndex, count) => {
      const { body } = await this.request('GET', path, {
        query: { ...query, startIndex: String(startIndex), count: String(count) },
        schema,
      });
      const page = { items: body?.Resources ?? [], totalResults: body?.totalResults };
      opts.onPage?.({ startIndex, items: page.items.length, totalResults: page.totalResults });
      return page;
    }, pageSize);
  }

  listUsers(opts: ListOptions = {}): AsyncGenerator<ScimUser[], void, undefined> {
    return this.listResources('/Users', ScimUserSchema, opts);
  }

  /** The user whose userName equals `userName` ignoring case; never a different user even if the server's filter is loose. */
  async findUserByUserName(userName: string, opts: { all?: boolean } = {}): Promise<ScimUser | undefined> {
    const wanted = userName.toLowerCase();
    for await (const page of this.listUsers({ filter: userNameFilter(userName), attributes: opts.all ? '_all' : undefined })) {
      const match = page.find((u) => u.userName.toLowerCase() === wanted);
      if (match) return match;
    }
    return undefined;
  }

  async getUser(id: string, opts: { all?: boolean } = {}): Promise<ScimUser> {
    const path = userPath(id);
    const { body } = await this.request('GET', path, { query: opts.all ? { attributes: '_all' } : undefined, schema: ScimUserSchema });
    return this.#required('GET', path, body);
  }

  async createUser(body: ScimUserWrite): Promise<ScimUser> {
    const res = await this.request('POST', '/Users', { body: withSchemas(body), schema: ScimUserSchema });
    return this.#required('POST', '/Users', res.body);
  }

  /** Replaces every attribute. Note that `active: false` deletes the user in Domo. */
  async replaceUser(id: string, body: ScimUserWrite): Promise<ScimUser> {
    const path = userPath(id);
    const res = await this.request('PUT', path, { body: withSchemas(body), schema: ScimUserSchema });
    return this.#required('PUT', path, res.body);
  }

  /** Applies a PatchOp; resolves undefined when the server answers without a body (204), or when there is nothing to send. */
  async patchUser(id: string, operations: readonly PatchOperation[]): Promise<ScimUser | undefined> {
    const path = userPath(id);
    if (operations.length === 0) return undefined;
    const res = await this.request('PATCH', path, { body: { schemas: [PATCH_OP], Operations: operations }, schema: ScimUserSchema });
    return res.body;
  }

  /** Fails (409/400) while the user owns DataSets or DataFlows; retried deletes may answer 404. */
  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', userPath(id));
  }

  // Groups: implemented in groups.ts, documented there.

  getGroup(id: string, opts?: groups.GetGroupOptions): Promise<ScimGroup> {
    return groups.getGroup(this, id, opts);
  }

  findGroupByDisplayName(displayName: string): Promise<ScimGroup | undefined> {
    return groups.findGroupByDisplayName(this, displayName);
  }

  listGroups(opts?: groups.GroupListOptions): AsyncGenerator<ScimGroup[], void, undefined> {
    return groups.listGroups(this, opts);
  }

  createGroup(body: ScimGroupWrite): Promise<ScimGroup> {
    return groups.createGroup(this, body);
  }

  replaceGroup(id: string, body: ScimGroupWrite): Promise<ScimGroup> {
    return groups.replaceGroup(this, id, body);
  }

  patchGroup(id: string, operations: readonly GroupPatchOperation[]): Promise<ScimGroup | undefined> {
    return groups.patchGroup(this, id, operations);
  }

  deleteGroup(id: string): Promise<void> {
    return groups.deleteGroup(this, id);
  }

  /** Closes the dispatcher if the client created it; an injected one belongs to the caller. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    if (this.#ownsDispatcher) await this.#dispatcher.close();
  }

  #parseBody<T>(
    method: string,
    path: string,
    status: number,
    text: string,
    schema?: z.ZodType<T>,
  ): AttemptResult<{ status: number; body: T | undefined }> {
    if (text.trim() === '') return { ok: true, value: { status, body: undefined } };
    const secrets = [this.#token];
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      const shown = excerpt(redactor(secrets)(text));
      return {
        ok: false,
        error: new ScimError({
          method,
          path,
          status,
          cause,
          secrets,
          message: `SCIM ${method} ${path} returned ${status} with a body that is not JSON: ${shown}`,
        }),
      };
    }
    if (schema === undefined) return { ok: true, value: { status, body: json as T } };
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, value: { status, body: parsed.data } };
    const problems = z.prettifyError(parsed.error);
    return {
      ok: false,
      error: new ScimError({
        method,
        path,
        status,
        detail: problems,
        secrets,
        message: `SCIM ${method} ${path} returned ${status} with an unexpected body:\n${problems}`,
      }),
    };
  }

  /** No status on these: a body that broke off after the headers is still a transport failure, retried as such. */
  #transportError(method: string, path: string, cause: unknown): ScimError {
    const code = errorCode(cause);
    const reason = cause instanceof Error ? cause.message : String(cause);
    const init = {
      method,
      path,
      cause,
      secrets: [this.#token],
      message: `SCIM ${method} ${path} failed: ${code ? `${code} ` : ''}${reason}`,
    };
    return code !== undefined && TIMEOUT_CODES.has(code) ? new ScimTimeoutError(init) : new ScimError(init);
  }

  #required<T>(method: string, path: string, body: T | undefined): T {
    if (body !== undefined) return body;
    throw new ScimError({ method, path, message: `SCIM ${method} ${path} returned an empty body where a user was expected` });
  }

  #report(method: string, path: string, status: number | undefined, attempt: number): void {
    try {
      this.#onResponse?.({ method, path, status, attempt });
    } catch {
      // Metrics must never break a sync.
    }
  }
}

function queryString(query: Record<string, string> | undefined): string {
  const entries = Object.entries(query ?? {});
  // encodeURIComponent, not URLSearchParams: some servers do not decode '+' as a space in filters.
  return entries.length === 0 ? '' : `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}`;
}

function userPath(id: string): string {
  if (typeof id !== 'string' || id.trim() === '')
    throw new ConfigError(`SCIM user id must be a non-empty string, got ${JSON.stringify(id)}`);
  return `/Users/${encodeURIComponent(id)}`;
}

/** Declares the core schema plus every extension block present, as SCIM requires. */
function withSchemas(body: ScimUserWrite): ScimUserWrite {
  if (body.schemas !== undefined) return body;
  const extensions = [ENTERPRISE_USER, DOMO_USER, CUSTOM_USER].filter((urn) => body[urn] !== undefined);
  return { ...body, schemas: [CORE_USER, ...extensions] };
}
