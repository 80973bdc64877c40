import { z } from 'zod';
import { listUniqueBy } from './unique-list';

/**
 * A client of Domo's public API (developer.domo.com > My Account > New Client): it exchanges its
 * id and secret for an access token with the client-credentials grant.
 */
export const SeedApiClient = z.strictObject({
  clientId: z.string().regex(/^[\x21-\x39\x3b-\x7e]+$/, 'must be printable characters without spaces or ":"'),
  clientSecret: z.string().regex(/^[\x21-\x7e]+$/, 'must be printable characters without spaces'),
  /** What the client's tokens may do; reading datasets needs "data". @default ['data'] */
  scopes: z
    .array(z.string().regex(/^[a-z_]+$/, 'must be a scope name such as "data"'))
    .min(1)
    .default(['data']),
});
export type SeedApiClient = z.infer<typeof SeedApiClient>;
export type SeedApiClientInput = z.input<typeof SeedApiClient>;

/** The seed's API clients: client ids unique. */
export const SeedApiClientList = listUniqueBy(SeedApiClient, 'clientId');
