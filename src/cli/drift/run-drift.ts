import type { Dispatcher } from 'undici';
import { ScimClient } from '../../domo/scim/client';
import { TimeBudget } from '../../domo/budget';
import type { RetryPolicy } from '../../domo/retry';
import type { PublicApiAccess } from '../../domo/api/pdp';
import { publicApiFromEnv } from '../../config/public-api-env';
import type { DriftContext, SharedLive } from '../../drift/facet';
import { LiveReads, type LiveReadOptions } from '../../drift/live-reads';
import { compareFacets, type DesiredByFacet, type DriftReport } from '../../drift/report';
import type { KindDefinition } from '../../kinds/kind';
import type { ScimConnection } from '../../model/kind';
import { KINDS } from '../../kinds/registry';
import { loadDesiredState } from './desired-state';

export interface DriftOptions extends LiveReadOptions {
  /** The synthesized stack folder, `cdktf.out/stacks/<stack>`. */
  readonly stackDir: string;
  /** Domo access token; the SCIM root and auth scheme come from the desired-state files. */
  readonly token: string;
  /** @default - a keep-alive Agent owned by the client */
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
  /** How long rate-limited requests are waited out, as the engine does (DOMO_IDENTITY_TIME_BUDGET). @default 30 minutes */
  readonly timeBudgetMs?: number;
  /** @default - a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /**
   * The public API client PDP policies are read with, when the stack has any.
   * @default - DOMO_CLIENT_ID, DOMO_CLIENT_SECRET and DOMO_API_HOST of `env`
   */
  readonly publicApi?: PublicApiAccess;
  /** @default process.env */
  readonly env?: NodeJS.ProcessEnv;
  /** @default KINDS */
  readonly kinds?: readonly KindDefinition[];
  /** Listings already made by this command (the plan's checks), read through and left open. @default - its own, closed at the end */
  readonly reads?: LiveReads;
}

export interface DriftResult {
  readonly report: DriftReport;
  /** What was compared: the desired state the stack's files describe, by facet. */
  readonly desired: DesiredByFacet;
  /** Construct folders drift does not check (custom attribute definitions). */
  readonly skipped: readonly string[];
  /** Domo as read: users and the desired groups that exist. */
  readonly live: SharedLive;
}

/** Loads the desired state of a synthesized stack, reads Domo (never writing), facet by facet, and compares. */
export async function runDrift(options: DriftOptions): Promise<DriftResult> {
  const kinds = options.kinds ?? KINDS;
  const { desired, scim, skipped } = loadDesiredState(options.stackDir, kinds);
  const context = driftContext(kinds);
  if (scim === undefined) return { report: compareFacets(desired, new Map(), context), desired, skipped, live: { users: [], groups: [] } };
  const own = options.reads ? undefined : openLiveReads({ ...options, scim });
  const reads = options.reads ?? own!;
  try {
    const live = new Map<string, unknown>();
    for (const [id, { facet, sets }] of desired) live.set(id, await facet.read(sets, reads));
    return { report: compareFacets(desired, live, context), desired, skipped, live: await reads.shared() };
  } finally {
    await own?.close();
  }
}

/** Domo's listings for one command over its own SCIM client, closed with them. */
export function openLiveReads(options: Omit<DriftOptions, 'stackDir' | 'reads'> & { readonly scim: ScimConnection }): LiveReads {
  const client = new ScimClient({
    baseUrl: options.scim.url,
    token: options.token,
    authScheme: options.scim.authScheme,
    dispatcher: options.dispatcher,
    retry: options.retry,
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.timeBudgetMs !== undefined ? { budget: new TimeBudget(options.timeBudgetMs) } : {}),
  });
  return new LiveReads({
    ...options,
    scim: client,
    ownsScim: true,
    publicApi: (what) => options.publicApi ?? publicApiFromEnv(options.env ?? process.env, what),
  });
}

/** What the kinds create where Domo lacks it, by the construct class that does. */
export function driftContext(kinds: readonly KindDefinition[]): DriftContext {
  const by = (pick: (k: KindDefinition) => { readonly by: string } | undefined) => kinds.map(pick).find((s) => s !== undefined)?.by;
  const users = by((k) => k.creates?.users);
  const groups = by((k) => k.creates?.groups);
  return { creates: { ...(users !== undefined ? { users } : {}), ...(groups !== undefined ? { groups } : {}) } };
}
