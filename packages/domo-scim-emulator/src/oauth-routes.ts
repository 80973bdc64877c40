import { createHash, timingSafeEqual } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { DATA_SCOPE, OAUTH_TOKEN_PATH } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { EmulatorRequest, EmulatorResponse } from './http';

/*
 * Domo's public API (api.domo.com) authorisation: the client-credentials token exchange, and the
 * bearer check of the access tokens it issues. Neither accepts the instance's developer token.
 */

const OAUTH_ERRORS: Record<number, string> = {
  400: 'invalid_request',
  401: 'unauthorized',
  403: 'access_denied',
  404: 'not_found',
  405: 'method_not_allowed',
  429: 'too_many_requests',
  503: 'temporarily_unavailable',
};

/** The error body of Domo's OAuth endpoint (Spring Security OAuth's). */
export function oauthErrorBody(status: number, description: string, error = OAUTH_ERRORS[status] ?? 'server_error') {
  return { error, error_description: description };
}

function oauthError(status: number, description: string, error?: string, headers: Record<string, string> = {}): EmulatorResponse {
  return { status, body: oauthErrorBody(status, description, error), headers };
}

/**
 * `POST /oauth/token?grant_type=client_credentials&scope=data` with HTTP Basic client auth. The
 * routes close over the request headers, which route handlers otherwise do not see.
 */
export function oauthTokenRoutes(headers: IncomingHttpHeaders): readonly EmulatorRoute[] {
  const pattern = new RegExp(`^${OAUTH_TOKEN_PATH}/?$`);
  const handle = (req: EmulatorRequest, _p: string[], ctx: EmulatorContext) => issueToken(headers, req, ctx);
  // Domo's own examples use GET; clients should POST. Both work there, so both work here.
  return [
    { method: 'POST', pattern, handle },
    { method: 'GET', pattern, handle },
  ];
}

function issueToken(headers: IncomingHttpHeaders, req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const credentials = basicCredentials(headers.authorization);
  const client = credentials && ctx.store.apiClient(credentials.clientId);
  if (!credentials || !client || !sameSecret(credentials.clientSecret, client.clientSecret)) {
    // One answer for an unknown client and a wrong secret, so the endpoint does not confirm client ids.
    return oauthError(401, 'Bad credentials: send the client id and secret as HTTP Basic auth', 'unauthorized', {
      'www-authenticate': 'Basic realm="Domo API"',
    });
  }
  const grantType = req.query['grant_type'];
  if (grantType === undefined || grantType === '')
    return oauthError(400, 'Missing grant type: add grant_type=client_credentials to the query');
  if (grantType !== 'client_credentials') return oauthError(400, `Unsupported grant type: ${grantType}`, 'unsupported_grant_type');
  const requested = (req.query['scope'] ?? '').split(/[\s,]+/).filter((s) => s !== '');
  const denied = requested.filter((s) => !client.scopes.includes(s));
  if (denied.length > 0)
    return oauthError(400, `Invalid scope: ${denied.join(' ')} (this client has: ${client.scopes.join(' ')})`, 'invalid_scope');
  const scopes = requested.length > 0 ? [...new Set(requested)] : client.scopes;
  const tokens = ctx.store.accessTokens;
  return {
    status: 200,
    body: {
      access_token: tokens.issue(client.clientId, scopes),
      token_type: 'bearer',
      expires_in: tokens.lifetimeSeconds,
      scope: scopes.join(' '),
    },
    headers: { 'cache-control': 'no-store' },
  };
}

function basicCredentials(header: string | undefined): { clientId: string; clientSecret: string } | undefined {
  const encoded = /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(header ?? '')?.[1];
  if (encoded === undefined) return undefined;
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  return colon < 1 ? undefined : { clientId: decoded.slice(0, colon), clientSecret: decoded.slice(colon + 1) };
}

function sameSecret(a: string, b: string): boolean {
  // Hashing first gives equal lengths, which timingSafeEqual requires.
  return timingSafeEqual(createHash('sha256').update(a).digest(), createHash('sha256').update(b).digest());
}

/**
 * The public data API's auth: a live access token from `POST /oauth/token` with the data scope.
 * Answers 401 otherwise, and never echoes the token.
 */
export function authorizeDataToken(headers: IncomingHttpHeaders, ctx: EmulatorContext): EmulatorResponse | undefined {
  const token = /^Bearer\s+(.+)$/i.exec(headers.authorization ?? '')?.[1]?.trim();
  const deny = (error: string, description: string) =>
    oauthError(401, description, error, { 'www-authenticate': `Bearer error="${error}", error_description="${description}"` });
  if (token === undefined)
    return deny('unauthorized', `Full authentication is required: send Authorization: Bearer <access token from ${OAUTH_TOKEN_PATH}>`);
  const checked = ctx.store.accessTokens.check(token);
  if (!checked.ok) return deny('invalid_token', checked.reason === 'expired' ? 'Access token expired' : 'Invalid access token');
  if (!checked.grant.scopes.includes(DATA_SCOPE))
    return deny('insufficient_scope', `Insufficient scope: the token needs the "${DATA_SCOPE}" scope`);
  return undefined;
}
