import { ConfigError } from '../errors';

const EXAMPLE = 'https://acme.domo.com/api/identity/v1/scim';

/** Plain http is tolerated only where the token cannot leave the machine (the local emulator). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  // WHATWG URL has already normalised shorthand like 127.1 to dotted-quad form.
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * Validates the SCIM root URL and returns it without a trailing slash, so request paths can be
 * appended verbatim.
 */
export function parseScimBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`SCIM base URL "${raw}" is not a valid URL; expected something like ${EXAMPLE}`);
  }
  // Credentials in the URL would end up in logs and error messages; the token travels in a header.
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`SCIM base URL must not contain credentials; pass the access token as the token option instead`);
  }
  const shown = `${url.origin}${url.pathname}`;
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      `SCIM base URL "${shown}${url.search}${url.hash}" must not have a query or fragment; expected something like ${EXAMPLE}`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      `SCIM base URL "${shown}" must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1]); expected something like ${EXAMPLE}`,
    );
  }
  url.pathname = url.pathname.replace(/\/+$/, '');
  return url;
}
