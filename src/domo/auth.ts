import { ConfigError } from '../errors';

/**
 * The credential headers of a Domo token: `Authorization: Bearer` or `X-Domo-Developer-Token`.
 * Tokens pasted from files often carry a newline; anything else unprintable is a mistake.
 */
export function authHeaders(
  label: string,
  rawToken: string,
  scheme: 'bearer' | 'developer-token' = 'bearer',
): { headers: Record<string, string>; secrets: string[] } {
  const token = (rawToken ?? '').trim();
  if (token === '') throw new ConfigError(`${label} token is empty: pass a Domo access token as the token option`);
  if (/[^\x21-\x7e]/.test(token)) {
    throw new ConfigError(`${label} token contains whitespace or non-printable characters: check the value passed as the token option`);
  }
  if (scheme !== 'bearer' && scheme !== 'developer-token') {
    throw new ConfigError(`${label} authScheme "${String(scheme)}" is not supported; use "bearer" or "developer-token"`);
  }
  const headers: Record<string, string> = scheme === 'bearer' ? { authorization: `Bearer ${token}` } : { 'x-domo-developer-token': token };
  return { headers, secrets: [rawToken, token] };
}
