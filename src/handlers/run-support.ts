import { ScimClient } from '../domo/scim/client';
import type { ScimConnection } from '../model/manifest';
import type { HandlerEnv } from '../engine/env';
import { failureReport, summarize, type Outcome } from '../engine/outcome';

/** What every handler phase receives from argv and its environment. */
export interface PhaseContext {
  readonly phase: string;
  readonly manifestDir: string;
  /** The for_each key of the instance (shard key or group name). */
  readonly key: string;
  /** The last argument: the planned digest (create, verify) or what the old instance held (destroy). */
  readonly arg: string;
  readonly env: HandlerEnv;
}

export async function withClient<T>(scim: ScimConnection, env: HandlerEnv, use: (client: ScimClient) => Promise<T>): Promise<T> {
  const client = new ScimClient({ baseUrl: scim.url, token: env.DOMO_SCIM_TOKEN, authScheme: scim.authScheme });
  try {
    return await use(client);
  } finally {
    await client.close();
  }
}

/** Prints the summary; failures go to stderr and make the exit code 1, so Terraform taints the instance. */
export function report(title: string, outcomes: readonly Outcome[], retry: string): number {
  const { text, failed } = summarize(title, outcomes);
  process.stdout.write(`${text}\n`);
  if (failed.length === 0) return 0;
  process.stderr.write(`${failureReport(title, failed, retry)}\n`);
  return 1;
}
