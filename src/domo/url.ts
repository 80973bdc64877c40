import { ConfigError } from '../errors';
import { SCIM_ROOT_PATH } from './scim/urns';

/** A validated root that request paths are appended to verbatim. */
export interface ApiRoot {
  readonly origin: string;
  /** Path prefix without a trailing slash; '' at the host root. */
  readonly basePath: string;
  /** origin + basePath, for messages. */
  readonly url: string;
}

const INSTANCE_EXAMPLE = 'https://acme.domo.com';
const SCIM_EXAMPLE = `${INSTANCE_EXAMPLE}${SCIM_ROOT_PATH}`;

/** Plain http is tolerated only where the token cannot leave the machine (the local service). */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  // WHATWG URL has already normalised shorthand like 127.1 to dotted-quad form.
  return host === 'localhost' || host === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/**
 * The one rule for every Domo URL (SCIM root, instance root, public API host): a valid URL without
 * credentials, query or fragment, over https, or plain http to loopback only. `what` names the
 * value in messages (a variable or option), `example` shows a good one.
 */
export function parseApiRoot(raw: string, what: string, example: string): ApiRoot {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigError(`${what} "${raw}" is not a valid URL; expected something like ${example}`);
  }
  // Credentials in the URL would end up in logs and error messages; the token travels in a header.
  if (url.username !== '' || url.password !== '') {
    throw new ConfigError(`${what} must not contain credentials; pass the access token as the token option instead`);
  }
  const basePath = url.pathname.replace(/\/+$/, '');
  const shown = `${url.origin}${basePath}`;
  if (url.search !== '' || url.hash !== '') {
    throw new ConfigError(
      `${what} "${shown}${url.search}${url.hash}" must not have a query or fragment; expected something like ${example}`,
    );
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname))) {
    throw new ConfigError(
      `${what} "${shown}" must use https (plain http is allowed only for loopback hosts: localhost, 127.0.0.0/8, [::1]); expected something like ${example}`,
    );
  }
  return { origin: url.origin, basePath, url: shown };
}

/** A SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim. */
export function parseScimRoot(raw: string): ApiRoot {
  return parseApiRoot(raw, 'SCIM base URL', SCIM_EXAMPLE);
}

/** An instance root (https://acme.domo.com), refusing a SCIM root given by mistake. */
export function parseInstanceRoot(raw: string): ApiRoot {
  const root = parseApiRoot(raw, 'Domo instance URL', INSTANCE_EXAMPLE);
  if (root.basePath.endsWith(SCIM_ROOT_PATH)) {
    throw new ConfigError(
      `Domo instance URL "${root.url}" is a SCIM root; pass the instance root "${root.url.slice(0, -SCIM_ROOT_PATH.length)}" (instanceUrlFromScimUrl() derives it)`,
    );
  }
  return root;
}

/** The instance root of a SCIM root URL: https://acme.domo.com/api/identity/v1/scim -> https://acme.domo.com. */
export function instanceUrlFromScimUrl(scimUrl: string): string {
  const root = parseScimRoot(scimUrl);
  if (!root.basePath.endsWith(SCIM_ROOT_PATH)) {
    throw new ConfigError(`"${root.url}" is not a Domo SCIM URL: it should end with ${SCIM_ROOT_PATH}, as in ${SCIM_EXAMPLE}`);
  }
  return root.url.slice(0, -SCIM_ROOT_PATH.length);
}
