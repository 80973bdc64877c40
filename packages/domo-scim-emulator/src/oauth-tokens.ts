import { randomBytes } from 'node:crypto';
import { EmulatorConfigError } from './errors';

/** How the local service issues public-API access tokens. */
export interface AccessTokenOptions {
  /** Lifetime of an access token, as `expires_in` reports it. @default 3600 */
  readonly tokenLifetimeSeconds?: number;
  /** Clock in epoch ms, so tests can let tokens expire. @default Date.now */
  readonly now?: () => number;
}

/** What an access token grants. */
export interface AccessTokenGrant {
  readonly clientId: string;
  readonly scopes: readonly string[];
  /** Epoch ms. */
  readonly expiresAt: number;
}

export type AccessTokenCheck =
  { readonly ok: true; readonly grant: AccessTokenGrant } | { readonly ok: false; readonly reason: 'unknown' | 'expired' };

/** Access tokens issued by `POST /oauth/token`; kept in memory only, never persisted or logged. */
export class AccessTokens {
  readonly lifetimeSeconds: number;
  readonly #now: () => number;
  readonly #grants = new Map<string, AccessTokenGrant>();

  constructor(options: AccessTokenOptions = {}) {
    const lifetime = options.tokenLifetimeSeconds ?? 3600;
    if (!Number.isInteger(lifetime) || lifetime < 1)
      throw new EmulatorConfigError(`tokenLifetimeSeconds must be a whole number >= 1, got ${lifetime}`);
    this.lifetimeSeconds = lifetime;
    this.#now = options.now ?? Date.now;
  }

  issue(clientId: string, scopes: readonly string[]): string {
    const now = this.#now();
    // Expired tokens are dropped here, so a long-running service does not collect them forever.
    for (const [token, grant] of this.#grants) if (grant.expiresAt <= now) this.#grants.delete(token);
    const token = randomBytes(32).toString('base64url');
    this.#grants.set(token, { clientId, scopes: [...scopes], expiresAt: now + this.lifetimeSeconds * 1000 });
    return token;
  }

  check(token: string): AccessTokenCheck {
    const grant = this.#grants.get(token);
    if (grant === undefined) return { ok: false, reason: 'unknown' };
    return grant.expiresAt <= this.#now() ? { ok: false, reason: 'expired' } : { ok: true, grant };
  }

  /** Invalidates every token, as rotating a client's secret would. */
  revokeAll(): void {
    this.#grants.clear();
  }
}
