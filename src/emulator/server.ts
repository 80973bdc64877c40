import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { AddressInfo } from 'node:net';
import { ConfigError } from '../errors';
import { SCIM_ROOT_PATH } from '../scim/urns';
import { ADMIN_ROOT_PATH, ADMIN_ROUTES } from './admin-routes';
import { isAuthorized } from './auth';
import { EmulatorContext, EmulatorRoute, findEmulatorRoute, RecordedRequest } from './context';

export type { RecordedRequest } from './context';
import { DEFAULT_MAX_PAGE_SIZE } from './defaults';
import { DISCOVERY_ROUTES } from './discovery-routes';
import { Fault, FaultSet } from './faults';
import { EmulatorRequest, EmulatorResponse, errorResponse, parseJsonBody, queryOf, readRawBody, SCIM_CONTENT_TYPE, send } from './http';
import { EmulatorRateLimit, FixedWindowLimiter } from './rate-limit';
import { EmulatorHttpError, scimErrorBody } from './scim-errors';
import { Seed } from './seed';
import { EmulatorStore } from './store';
import { USERS_ROUTES } from './users-routes';

export interface EmulatorOptions {
  /** Port on 127.0.0.1; 0 picks a free one. @default 0 */
  port?: number;
  /** Required in `Authorization: Bearer` or `X-Domo-Developer-Token` on every request. */
  token: string;
  /** Initial state. @default - an empty instance */
  seed?: Seed;
  /** Load state from this file if it exists (else from `seed`) and save it atomically after every change. */
  persistPath?: string;
  /** Larger `count` values are clamped to it. @default 200 */
  maxPageSize?: number;
  /** @default - no rate limit */
  rateLimit?: EmulatorRateLimit;
}

export interface RunningEmulator {
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** `url` + SCIM_ROOT_PATH */
  readonly scimUrl: string;
  readonly port: number;
  /** Every SCIM request (not admin requests), in arrival order. */
  readonly requests: RecordedRequest[];
  resetRequests(): void;
  /** Full current state in seed format (a deep copy). */
  snapshot(): Seed;
  store: EmulatorStore;
  addFault(fault: Fault): void;
  clearFaults(): void;
  setRateLimit(rl: EmulatorOptions['rateLimit']): void;
  /** Stops listening and closes every connection, keep-alive ones included. */
  close(): Promise<void>;
}

/** Groups will add their routes here. */
const SCIM_ROUTES: readonly EmulatorRoute[] = [...DISCOVERY_ROUTES, ...USERS_ROUTES];

/** Starts a local Domo-compatible SCIM service on 127.0.0.1. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  if (!options.token) throw new ConfigError('startEmulator: "token" is required (the emulator never runs without auth)');
  const ctx: EmulatorContext = {
    store: new EmulatorStore({ seed: options.seed, persistPath: options.persistPath }),
    faults: new FaultSet(),
    rateLimiter: new FixedWindowLimiter(options.rateLimit),
    requests: [],
    maxPageSize: options.maxPageSize ?? DEFAULT_MAX_PAGE_SIZE,
    scimUrl: '',
  };
  const timers = new Set<NodeJS.Timeout>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const t = setTimeout(() => {
        timers.delete(t);
        resolve();
      }, ms);
      timers.add(t);
    });

  const server = createServer((req, res) => {
    dispatch(req, res, options.token, ctx, sleep).catch((e: unknown) => send(res, errorResponse(e), SCIM_CONTENT_TYPE));
  });
  const port = await listen(server, options.port ?? 0);
  const url = `http://127.0.0.1:${port}`;
  ctx.scimUrl = `${url}${SCIM_ROOT_PATH}`;

  return {
    url,
    scimUrl: ctx.scimUrl,
    port,
    requests: ctx.requests,
    resetRequests: () => void (ctx.requests.length = 0),
    snapshot: () => ctx.store.snapshot(),
    store: ctx.store,
    addFault: (fault) => ctx.faults.add(fault),
    clearFaults: () => ctx.faults.clear(),
    setRateLimit: (rl) => ctx.rateLimiter.set(rl),
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const t of timers) clearTimeout(t);
        timers.clear();
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host: '127.0.0.1' }, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

type Sleep = (ms: number) => Promise<void>;

async function dispatch(req: IncomingMessage, res: ServerResponse, token: string, ctx: EmulatorContext, sleep: Sleep): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const method = (req.method ?? 'GET').toUpperCase();
  const within = (root: string) => url.pathname === root || url.pathname.startsWith(`${root}/`);
  if (within(SCIM_ROOT_PATH)) return handleScim(req, res, url, method, token, ctx, sleep);
  if (within(ADMIN_ROOT_PATH)) return handleAdmin(req, res, url, method, token, ctx);
  send(res, { status: 404, body: scimErrorBody(404, `No such endpoint: ${url.pathname}`) }, SCIM_CONTENT_TYPE);
}

const UNAUTHORIZED: EmulatorResponse = {
  status: 401,
  body: scimErrorBody(401, 'Missing or invalid token: send Authorization: Bearer <token> or X-Domo-Developer-Token: <token>'),
  headers: { 'www-authenticate': 'Bearer' },
};

async function handleScim(
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
  method: string,
  token: string,
  ctx: EmulatorContext,
  sleep: Sleep,
): Promise<void> {
  const record: RecordedRequest = { method, path: url.pathname.slice(SCIM_ROOT_PATH.length) || '/', query: queryOf(url), status: 0 };
  let raw = '';
  let readError: unknown;
  try {
    raw = await readRawBody(req);
  } catch (e) {
    readError = e;
  }
  let body: unknown;
  let bodyError: unknown = readError;
  if (!readError) {
    try {
      body = parseJsonBody(raw, req.headers['content-type']);
    } catch (e) {
      bodyError = e;
    }
  }
  if (body !== undefined) record.body = body;
  else if (raw !== '') record.body = raw;
  ctx.requests.push(record);

  const request: EmulatorRequest = { method, path: record.path, query: record.query, body };
  const response = await answerScim(req, request, bodyError, token, ctx, sleep);
  if (response === 'drop') {
    req.socket.destroy();
    return;
  }
  record.status = response.status;
  send(res, response, SCIM_CONTENT_TYPE);
}

/** Auth, then rate limit, then injected faults, then the route. */
async function answerScim(
  req: IncomingMessage,
  request: EmulatorRequest,
  bodyError: unknown,
  token: string,
  ctx: EmulatorContext,
  sleep: Sleep,
): Promise<EmulatorResponse | 'drop'> {
  if (!isAuthorized(req.headers, token)) return UNAUTHORIZED;
  const retryAfter = ctx.rateLimiter.take();
  if (retryAfter !== undefined) {
    return { status: 429, body: scimErrorBody(429, 'Too many requests: retry later'), headers: { 'retry-after': String(retryAfter) } };
  }
  const fault = ctx.faults.take(request.method, request.path);
  if (fault?.kind === 'drop') return 'drop';
  if (fault?.kind === 'status') return statusFault(fault);
  if (fault?.kind === 'delay') await sleep(fault.ms);
  const response = await route(SCIM_ROUTES, request, bodyError, ctx);
  if (fault?.kind === 'error-after-apply') {
    return { status: fault.status, body: scimErrorBody(fault.status, 'The request failed (injected after the change was applied)') };
  }
  return response;
}

function statusFault(fault: Extract<Fault, { kind: 'status' }>): EmulatorResponse {
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  if (fault.body === undefined) return { status: fault.status, body: scimErrorBody(fault.status, 'Injected fault'), headers };
  // Raw bodies model gateways that answer with HTML instead of a SCIM error.
  headers['content-type'] = isJson(fault.body) ? SCIM_CONTENT_TYPE : 'text/html; charset=utf-8';
  return { status: fault.status, body: fault.body, headers };
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function route(routes: readonly EmulatorRoute[], request: EmulatorRequest, bodyError: unknown, ctx: EmulatorContext): Promise<EmulatorResponse> {
  try {
    const found = findEmulatorRoute(routes, request.method, request.path);
    if (found === 404) throw new EmulatorHttpError(404, `No such endpoint: ${request.method} ${request.path}`);
    if (found === 405) throw new EmulatorHttpError(405, `Method ${request.method} is not allowed on ${request.path}`);
    if (bodyError) throw bodyError;
    return await found.route.handle(request, found.params, ctx);
  } catch (e) {
    return errorResponse(e);
  }
}

async function handleAdmin(req: IncomingMessage, res: ServerResponse, url: URL, method: string, token: string, ctx: EmulatorContext): Promise<void> {
  if (!isAuthorized(req.headers, token)) return send(res, UNAUTHORIZED, 'application/json');
  let body: unknown;
  let bodyError: unknown;
  try {
    body = parseJsonBody(await readRawBody(req), req.headers['content-type']);
  } catch (e) {
    bodyError = e;
  }
  const request: EmulatorRequest = { method, path: url.pathname.slice(ADMIN_ROOT_PATH.length) || '/', query: queryOf(url), body };
  send(res, await route(ADMIN_ROUTES, request, bodyError, ctx), 'application/json');
}
