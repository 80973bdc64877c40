import { ConfigError } from '../errors';
import { isLoopbackHost, parseScimBaseUrl } from '../scim/base-url';
import { SCIM_ROOT_PATH } from '../scim/urns';

const EXAMPLE = 'https://acme.domo.com';

/**
 * Validates a Domo instance root URL (https, or plain http to loopback only, as for SCIM) and
 * returns it without a trailing slash, so API paths can be appended verbatim.
 */
export function parseInstanceUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`Domo instance URL "${raw}" is not a valid URL; expected something like ${EXAMPLE}`);
  }
  // Credentials in the URL would end up in logs and error messages; the token travels in a header.
  if (url.username !== '' || url.password !== '')
    throw new ConfigError('Domo instance URL must not contain credentials; pass the access token as the token option instead');
  const path = url.pathname.replace(/\/+$/, '');
  const shown = `${url.origin}${path}`;
  if (url.search !== '' || url.hash !== '')
    throw new ConfigError(
      `Domo instance URL "${shown}${url.search}${url.hash}" must not have a query or fragment; expected something like ${EXAMPLE}`,
    );
  if (path.endsWith(SCIM_ROOT_PATH)) {
    throw new ConfigError(
      `Domo instance URL "${shown}" is a SCIM root; pass the instance root "${shown.slice(0, -SCIM_ROOT_PATH.length)}" (instanceUrlFromScimUrl() derives it)`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      `Domo instance URL "${shown}" must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1]); expected something like ${EXAMPLE}`,
    );
  }
  return shown;
}

/** The instance root of a SCIM root URL: https://acme.domo.com/api/identity/v1/scim -> https://acme.domo.com. */
export function instanceUrlFromScimUrl(scimUrl: string): string {
  const url = parseScimBaseUrl(scimUrl);
  const shown = `${url.origin}${url.pathname}`;
  if (!url.pathname.endsWith(SCIM_ROOT_PATH)) {
    throw new ConfigError(`"${shown}" is not a Domo SCIM URL: it should end with ${SCIM_ROOT_PATH}, as in ${EXAMPLE}${SCIM_ROOT_PATH}`);
  }
  return shown.slice(0, -SCIM_ROOT_PATH.length);
}
