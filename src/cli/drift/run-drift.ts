import type { Dispatcher } from 'undici';
import { ScimClient } from '../../domo/scim/client';
import type { RetryPolicy } from '../../domo/retry';
import { computeDrift, type DriftReport, type LiveState } from './compute';
import { loadDesiredState, type DesiredState } from './desired-state';
import { readLiveState, type LiveReadOptions } from './live-state';

export interface DriftOptions extends LiveReadOptions {
  /** The synthesized stack folder, `cdktf.out/stacks/<stack>`. */
  readonly stackDir: string;
  /** Domo access token; the SCIM root and auth scheme come from the desired-state files. */
  readonly token: string;
  /** @default - a keep-alive Agent owned by the client */
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
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
  try {
    const live = await readLiveState(client, state, options);
    return { report: computeDrift(state, live), desired: state, skipped, live };
  } finally {
    await client.close();
  }
}
