import { z } from 'zod';
import { ConfigError } from '../../errors';
import { BodyTooLargeError, readBodyText } from '../body';
import { asDomoApiError, ScimError } from '../errors';
import type { DomoTransport } from '../transport';
import type { ApiRoot } from '../url';
import { DATA_SCOPE, OAUTH_TOKEN_PATH } from './paths';

/** An OAuth client of Domo's public API (developer.domo.com); the secret is never printed. */
export interface ClientCredentials {
  readonly clientId: string;
  readonly clientSecret: string;
}

const TokenResponse = z.looseObject({
  access_token: z.string().min(1),
  token_type: z.string().optional(),
  expires_in: z.number().optional(),
  scope: z.string().optional(),
});

const PRINTABLE = /^[\x21-\x7e]+$/;

/**
 * The one rule of a client id or secret, as HTTP Basic auth carries them: printable ASCII without
 * whitespace, and no ":" in the id. The problem, or undefined; it never quotes the value.
 */
export function clientCredentialProblem(value: string, part: 'id' | 'secret'): string | undefined {
  if (!PRINTABLE.test(value)) return 'contains whitespace or non-printable characters';
  if (part === 'id' && value.includes(':')) return 'contains ":", which HTTP Basic auth cannot carry';
  return undefined;
}

/** A token answer is a few hundred bytes; anything much larger is not one. */
const MAX_TOKEN_BODY_BYTES = 64 * 1024;

/** The HTTP Basic credential of a client: a secret too (it holds the client secret). */
export function basicCredential(client: ClientCredentials): string {
  return Buffer.from(`${client.clientId}:${client.clientSecret}`, 'utf8').toString('base64');
}

/**
 * `POST /oauth/token` with HTTP Basic auth, for an access token with the data scope. `oauth` is a
 * transport rooted at the API host that redacts the secret and the Basic credential. Every
 * failure names the client id and the variables to check, never the secret.
 */
export async function exchangeClientCredentials(oauth: DomoTransport, client: ClientCredentials): Promise<string> {
  const host = oauth.root.url;
  let text: string;
  try {
    const res = await oauth.send('POST', OAUTH_TOKEN_PATH, {
      query: { grant_type: 'client_credentials', scope: DATA_SCOPE },
      headers: { accept: 'application/json', authorization: `Basic ${basicCredential(client)}` },
      // Asking for a token twice is harmless.
      idempotent: true,
    });
    text = await readBodyText(res.body, MAX_TOKEN_BODY_BYTES, 'fail');
  } catch (e) {
    if (e instanceof BodyTooLargeError)
      throw new ConfigError(
        `Domo's token endpoint at ${host} answered API client "${client.clientId}" with ${e.message}; is ${host} Domo's API host?`,
      );
    const err = asDomoApiError(e);
    if (err instanceof ScimError && (err.status === 400 || err.status === 401 || err.status === 403)) {
      throw new ConfigError(
        `Domo refused the client credentials of API client "${client.clientId}" at ${host} (HTTP ${err.status}${err.detail ? `: ${err.detail}` : ''}): ` +
          `check the client id and secret (DOMO_CLIENT_ID, DOMO_CLIENT_SECRET), and that the client has the "${DATA_SCOPE}" scope`,
        { cause: err },
      );
    }
    throw err;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  const parsed = TokenResponse.safeParse(json);
  // The body holds the token: never quote it.
  if (!parsed.success)
    throw new ConfigError(
      `Domo's token endpoint at ${host} answered API client "${client.clientId}" without an access_token; is ${host} Domo's API host?`,
    );
  const scopes = parsed.data.scope?.split(/[\s,]+/);
  if (scopes !== undefined && !scopes.includes(DATA_SCOPE)) {
    throw new ConfigError(
      `API client "${client.clientId}" got a token without the "${DATA_SCOPE}" scope (scopes: ${parsed.data.scope}): give the client the Data scope in Domo`,
    );
  }
  return parsed.data.access_token;
}

/**
 * A transport on the API host that sends the client's access token: the token exchange first,
 * then every call through `base` (its dispatcher, retries and throttle), with the secret, the Basic
 * credential and the token redacted from every message.
 */
export async function openApiSession(base: DomoTransport, client: ClientCredentials, root: ApiRoot): Promise<DomoTransport> {
  const oauth = base.derive({ root, label: 'Domo API', secrets: [client.clientSecret, basicCredential(client)] });
  const token = await exchangeClientCredentials(oauth, client);
  return base.derive({
    root,
    label: 'Domo API',
    headers: { authorization: `Bearer ${token}` },
    secrets: [token, client.clientSecret, basicCredential(client)],
  });
}
