import type { Dispatcher } from 'undici';
import { ScimClient } from '../../domo/scim/client';
import type { RetryPolicy } from '../../domo/retry';
import { computeDrift, type DriftReport, type LiveState } from './compute';
import { loadDesiredState, type DesiredState } from './desired-state';
import { readLiveState, type LiveReadOptions } from './live-state';
import { readLivePolicies } from './policies';
import { PdpClient, type PublicApiAccess } from '../../domo/api/pdp';
import { publicApiFromEnv } from '../../config/public-api-env';

export interface DriftOptions extends LiveReadOptions {
  /** The synthesized stack folder, `cdktf.out/stacks/<stack>`. */
  readonly stackDir: string;
  /** Domo access token; the SCIM root and auth scheme come from the desired-state files. */
  readonly token: string;
  /** @default - a keep-alive Agent owned by the client */
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
  /**
   * The public API client PDP policies are read with, when the stack has any.
   * @default - DOMO_CLIENT_ID, DOMO_CLIENT_SECRET and DOMO_API_HOST of `env`
   */
  readonly publicApi?: PublicApiAccess;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

export interface DriftResult {
  readonly report: DriftReport;
  /** What was compared: the desired state the stack's files describe. */
  readonly desired: DesiredState;
  /** Construct folders drift does not check (custom attribute definitions, unknown kinds). */
  readonly skipped: readonly string[];
  /** Domo as read: one listing of users, and the desired groups that exist. */
  readonly live: LiveState;
}

/** Loads the desired state of a synthesized stack, reads Domo (never writing) and compares. */
export async function runDrift(options: DriftOptions): Promise<DriftResult> {
  const { state, scim, skipped } = loadDesiredState(options.stackDir);
  if (scim === undefined) {
    const live: LiveState = { users: [], groups: [] };
    return { report: computeDrift(state, live), desired: state, skipped, live };
  }
  const client = new ScimClient({
    baseUrl: scim.url,
    token: options.token,
    authScheme: scim.authScheme,
    dispatcher: options.dispatcher,
    retry: options.retry,
  });
  let pdp: PdpClient | undefined;
  try {
    const live = await readLiveState(client, state, options);
    if (state.policies) {
      const constructs = state.policies.map((p) => p.constructPath).join(', ');
      const access = options.publicApi ?? publicApiFromEnv(options.env ?? process.env, `drift checks the PDP policies of ${constructs}`);
      pdp = PdpClient.standalone(access, { dispatcher: options.dispatcher, retry: options.retry });
      const policies = await readLivePolicies(pdp, client, state.policies, live.users.length > 0 ? live.users : undefined);
      return { report: computeDrift(state, { ...live, policies }), desired: state, skipped, live };
    }
    return { report: computeDrift(state, live), desired: state, skipped, live };
  } finally {
    await pdp?.close();
    await client.close();
  }
}
