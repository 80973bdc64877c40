import { ConfigError } from '../errors';
import { DEFAULT_DOMO_API_HOST } from '../domo/api/paths';
import type { PublicApiAccess } from '../domo/api/pdp';
import { parseApiRoot } from '../domo/url';

/** The variables {@link publicApiFromEnv} reads. */
export const PUBLIC_API_ENV = ['DOMO_CLIENT_ID', 'DOMO_CLIENT_SECRET', 'DOMO_API_HOST'] as const;

/**
 * The public API client of the environment, for what Domo keeps only on its public API (PDP
 * policies): DOMO_CLIENT_ID and DOMO_CLIENT_SECRET (an API client with the data scope), and
 * DOMO_API_HOST (default https://api.domo.com). Empty variables count as unset. `needs` says what
 * needs them, to start the message with. A ConfigError names every variable missing and never
 * holds the secret.
 */
export function publicApiFromEnv(
  env: Readonly<Partial<Record<(typeof PUBLIC_API_ENV)[number], string | undefined>>>,
  needs: string,
): PublicApiAccess {
  const get = (name: (typeof PUBLIC_API_ENV)[number]) => {
    const v = env[name]?.trim();
    return v === undefined || v === '' ? undefined : v;
  };
  const clientId = get('DOMO_CLIENT_ID');
  const clientSecret = get('DOMO_CLIENT_SECRET');
  const missing = [clientId === undefined && 'DOMO_CLIENT_ID', clientSecret === undefined && 'DOMO_CLIENT_SECRET'].filter(
    (v): v is string => v !== false,
  );
  if (missing.length > 0) {
    throw new ConfigError(
      `${needs}: ${missing.join(' and ')} ${missing.length === 1 ? 'is' : 'are'} not set. PDP policies are managed through Domo's public API: ` +
        `set DOMO_CLIENT_ID and DOMO_CLIENT_SECRET to an API client with the data scope (DOMO_API_HOST defaults to ${DEFAULT_DOMO_API_HOST})`,
    );
  }
  const apiHost = get('DOMO_API_HOST') ?? DEFAULT_DOMO_API_HOST;
  try {
    parseApiRoot(apiHost, 'DOMO_API_HOST', DEFAULT_DOMO_API_HOST);
  } catch (e) {
    throw new ConfigError(`${needs}: ${(e as Error).message}`);
  }
  if (/[^\x21-\x7e]/.test(clientId!) || clientId!.includes(':'))
    throw new ConfigError(`${needs}: DOMO_CLIENT_ID ${JSON.stringify(clientId)} contains whitespace, ":" or non-printable characters`);
  if (/[^\x21-\x7e]/.test(clientSecret!))
    throw new ConfigError(`${needs}: DOMO_CLIENT_SECRET contains whitespace or non-printable characters`);
  return { clientId: clientId!, clientSecret: clientSecret!, apiHost };
}
