import { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { DATASETS_PATH, OAUTH_TOKEN_PATH, SCIM_ROOT_PATH } from './contract';
import { ADMIN_ROUTES } from './admin-routes';
import { ATTRIBUTE_KEYS_ROUTES } from './attribute-keys-routes';
import { isAuthorized } from './auth';
import { EmulatorContext, EmulatorRoute, findEmulatorRoute, RecordedRequest } from './context';
import { ADMIN_ROOT_PATH, DOMO_API_ROOT_PATH } from './defaults';
import { DATASET_PUBLIC_ROUTES, DATASET_QUERY_ROUTES } from './dataset-routes';
import { isStreamed, sendStreamed } from './dataset-stream';
import { DISCOVERY_ROUTES } from './discovery-routes';
import { domoErrorBody } from './domo-errors';
import { Fault } from './faults';
import {
  EmulatorRequest,
  EmulatorResponse,
  ErrorBodyFormat,
  errorResponse,
  parseJsonBody,
  queryOf,
  readRawBody,
  SCIM_CONTENT_TYPE,
  send,
} from './http';
import { EmulatorHttpError, scimErrorBody } from './scim-errors';
import { GROUPS_ROUTES } from './groups-routes';
import { authorizeDataToken, oauthErrorBody, oauthTokenRoutes } from './oauth-routes';
import { PDP_ROUTES } from './pdp-routes';
import { ROLES_ROUTES } from './roles-routes';
import { USERS_ROUTES } from './users-routes';

/**
 * One of the instance's APIs behind the token: SCIM, or Domo's other APIs. Both get the same auth,
 * rate limit, faults and request log; they differ in how paths are recorded and errors rendered.
 */
interface ApiArea {
  readonly routes: readonly EmulatorRoute[];
  /** The path routes match, recorded in `requests` and tested by fault patterns. */
  path(url: URL): string;
  readonly errorBody: ErrorBodyFormat;
  readonly contentType: string;
  /** A denial, or undefined to let the request through. @default - the instance token (Bearer or X-Domo-Developer-Token) */
  authorize?(headers: IncomingHttpHeaders, ctx: EmulatorContext): EmulatorResponse | undefined;
}

const SCIM_AREA: ApiArea = {
  routes: [...DISCOVERY_ROUTES, ...USERS_ROUTES, ...GROUPS_ROUTES],
  path: (url) => url.pathname.slice(SCIM_ROOT_PATH.length) || '/',
  errorBody: scimErrorBody,
  contentType: SCIM_CONTENT_TYPE,
};

/** Full paths ("/api/user/v1/..."): no SCIM-relative path starts with /api/, so the log stays unambiguous. */
const DOMO_API_AREA: ApiArea = {
  routes: [...ATTRIBUTE_KEYS_ROUTES, ...ROLES_ROUTES, ...DATASET_QUERY_ROUTES],
  path: (url) => url.pathname,
  errorBody: domoErrorBody,
  contentType: 'application/json',
};

/** Domo's public API (api.domo.com) datasets and their PDP policies: behind access tokens from oauthArea, not the instance token. */
const PUBLIC_DATA_AREA: ApiArea = {
  routes: [...DATASET_PUBLIC_ROUTES, ...PDP_ROUTES],
  path: (url) => url.pathname,
  errorBody: domoErrorBody,
  contentType: 'application/json',
  authorize: authorizeDataToken,
};

/** The token exchange authenticates the client itself (HTTP Basic), so its routes see the headers. */
const oauthArea = (headers: IncomingHttpHeaders): ApiArea => ({
  routes: oauthTokenRoutes(headers),
  path: (url) => url.pathname,
  errorBody: oauthErrorBody,
  contentType: 'application/json',
  authorize: () => undefined,
});

export type Sleep = (ms: number) => Promise<void>;

/** What every request is answered with: the token it must carry, the service's state, its clock. */
export interface Service {
  readonly token: string;
  readonly ctx: EmulatorContext;
  readonly sleep: Sleep;
}

/** One HTTP request being answered. */
interface Exchange {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  readonly url: URL;
  readonly method: string;
}

/** Routes one HTTP request: SCIM root, Domo's other APIs (instance and public), admin API, or 404. */
export async function dispatch(req: IncomingMessage, res: ServerResponse, service: Service): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const exchange: Exchange = { req, res, url, method: (req.method ?? 'GET').toUpperCase() };
  const within = (root: string) => url.pathname === root || url.pathname.startsWith(`${root}/`);
  if (within(SCIM_ROOT_PATH)) return handleApi(SCIM_AREA, exchange, service);
  if (within(DOMO_API_ROOT_PATH)) return handleApi(DOMO_API_AREA, exchange, service);
  if (within(OAUTH_TOKEN_PATH)) return handleApi(oauthArea(req.headers), exchange, service);
  if (within(DATASETS_PATH)) return handleApi(PUBLIC_DATA_AREA, exchange, service);
  if (within(ADMIN_ROOT_PATH)) return handleAdmin(exchange, service);
  send(res, { status: 404, body: scimErrorBody(404, `No such endpoint: ${url.pathname}`) }, SCIM_CONTENT_TYPE);
}

function unauthorized(errorBody: ErrorBodyFormat): EmulatorResponse {
  return {
    status: 401,
    body: errorBody(401, 'Missing or invalid token: send Authorization: Bearer <token> or X-Domo-Developer-Token: <token>'),
    headers: { 'www-authenticate': 'Bearer' },
  };
}

async function handleApi(area: ApiArea, { req, res, url, method }: Exchange, service: Service): Promise<void> {
  const record: RecordedRequest = { method, path: area.path(url), query: queryOf(url), status: 0 };
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
  service.ctx.requests.push(record);

  const request: EmulatorRequest = { method, path: record.path, query: record.query, body };
  const response = await answer(area, { req, request, record, bodyError }, service);
  if (response === 'drop') {
    req.socket.destroy();
    return;
  }
  record.status = response.status;
  if (isStreamed(response)) return sendStreamed(res, response);
  send(res, response, area.contentType);
}

/** A request as read: the parsed request, its record in the request log, and why its body could not be read. */
interface ReadRequest {
  readonly req: IncomingMessage;
  readonly request: EmulatorRequest;
  readonly record: RecordedRequest;
  readonly bodyError: unknown;
}

/** Auth, then rate limit, then injected faults, then the route. */
async function answer(
  area: ApiArea,
  { req, request, record, bodyError }: ReadRequest,
  { token, ctx, sleep }: Service,
): Promise<EmulatorResponse | 'drop'> {
  const denied = area.authorize
    ? area.authorize(req.headers, ctx)
    : isAuthorized(req.headers, token)
      ? undefined
      : unauthorized(area.errorBody);
  if (denied) return denied;
  const limited = ctx.rateLimiter.take();
  if (limited) return { status: 429, body: area.errorBody(429, 'Too many requests: retry later'), headers: limited.headers };
  const fault = ctx.faults.take(request.method, request.path);
  if (fault) record.fault = fault.kind;
  if (fault?.kind === 'drop') return 'drop';
  if (fault?.kind === 'status') return statusFault(fault, area);
  if (fault?.kind === 'accepted-not-applied') return { status: 204 };
  if (fault?.kind === 'echo-credentials')
    return { status: fault.status, body: area.errorBody(fault.status, `Rejected credentials: ${credentialsOf(req.headers)}`) };
  if (fault?.kind === 'delay') await sleep(fault.ms);
  const response = await route(area.routes, { ...request, fault }, bodyError, ctx, area.errorBody);
  if (fault?.kind === 'error-after-apply') {
    return { status: fault.status, body: area.errorBody(fault.status, 'The request failed (injected after the change was applied)') };
  }
  return response;
}

function statusFault(fault: Extract<Fault, { kind: 'status' }>, area: ApiArea): EmulatorResponse {
  const headers: Record<string, string> = fault.retryAfter === undefined ? {} : { 'retry-after': String(fault.retryAfter) };
  if (fault.body === undefined) return { status: fault.status, body: area.errorBody(fault.status, 'Injected fault'), headers };
  // Raw bodies model gateways that answer with HTML instead of a JSON error.
  headers['content-type'] = isJson(fault.body) ? area.contentType : 'text/html; charset=utf-8';
  return { status: fault.status, body: fault.body, headers };
}

function credentialsOf(headers: IncomingHttpHeaders): string {
  const developerToken = headers['x-domo-developer-token'];
  return (
    headers.authorization ?? `X-Domo-Developer-Token ${Array.isArray(developerToken) ? developerToken.join(', ') : (developerToken ?? '')}`
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function route(
  routes: readonly EmulatorRoute[],
  request: EmulatorRequest,
  bodyError: unknown,
  ctx: EmulatorContext,
  errorBody: ErrorBodyFormat = scimErrorBody,
): Promise<EmulatorResponse> {
  try {
    const found = findEmulatorRoute(routes, request.method, request.path);
    if (found === 404) throw new EmulatorHttpError(404, `No such endpoint: ${request.method} ${request.path}`);
    if (found === 405) throw new EmulatorHttpError(405, `Method ${request.method} is not allowed on ${request.path}`);
    if (bodyError) throw bodyError;
    return await found.route.handle(request, found.params, ctx);
  } catch (e) {
    return errorResponse(e, errorBody);
  }
}

async function handleAdmin({ req, res, url, method }: Exchange, { token, ctx }: Service): Promise<void> {
  if (!isAuthorized(req.headers, token)) return send(res, unauthorized(scimErrorBody), 'application/json');
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
