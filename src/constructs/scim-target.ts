import type { ScimConnection } from '../model/kind';
import { parseScimRoot } from '../domo/url';
import { ConfigError } from '../errors';

/** Where a construct's handlers send SCIM requests. No token: handlers read DOMO_SCIM_TOKEN. */
export interface ScimTarget {
  /** SCIM root, e.g. `https://acme.domo.com/api/identity/v1/scim`. HTTPS, except for loopback. */
  readonly url: string;
  /** Which header carries the token. @default 'bearer' */
  readonly authScheme?: 'bearer' | 'developer-token';
}

export function validateScim(construct: string, target: ScimTarget): ScimConnection {
  try {
    return { url: parseScimRoot(target.url).url, authScheme: target.authScheme ?? 'bearer' };
  } catch (err) {
    throw new ConfigError(`${construct}: ${(err as Error).message}`);
  }
}
