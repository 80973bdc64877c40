import type { Dispatcher } from 'undici';
import { DomoApiClient } from '../../domo/api/client';
import type { RetryPolicy } from '../../domo/retry';
import { ScimClient } from '../../domo/scim/client';
import { TimeBudget } from '../../domo/budget';
import { instanceUrlFromScimUrl, parseInstanceRoot } from '../../domo/url';
import { ConfigError } from '../../errors';
import type { ScimConnection } from '../../model/kind';
import type { SynthOutput } from '../../synth/reader';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { kindNamed } from '../../model/kind';
import { keyCheck, roleCheck } from './domo-checks';
import { probe } from './outcome';
import { checkGroups, checkToken } from './scim-checks';

/** What a synthesized stack needs from Domo, with the constructs that need it. */
export interface StackNeeds {
  readonly scim?: ScimConnection;
  /** Custom attribute key -> the constructs that write it (`DomoUserAttributes "stack/Attrs"`). */
  readonly keys: ReadonlyMap<string, readonly string[]>;
  /** Role id -> the constructs that give it. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
  readonly groups: boolean;
}

/**
 * The keys and roles a synthesized stack writes, per construct. Keys that a DomoCustomAttributes
 * construct of the same stack defines are left out: the deploy creates them before anyone writes them.
 */
export function stackNeeds(output: SynthOutput, kinds: readonly KindDefinition[] = KINDS): StackNeeds {
  const keys = new Map<string, string[]>();
  const roles = new Map<string, string[]>();
  const defined = new Set<string>();
  const add = (map: Map<string, string[]>, name: string, who: string) => map.set(name, [...new Set([...(map.get(name) ?? []), who])]);
  let scim: ScimConnection | undefined;
  let groups = false;
  for (const entry of output.constructs) {
    const kind = kindNamed(kinds, entry.kind);
    const who = `${kind.constructClass} ${JSON.stringify(entry.path)}`;
    const written = kind.writes?.(output, entry);
    const needs = kind.needs(output, entry);
    scim ??= needs.scim;
    for (const k of written?.keys ?? []) add(keys, k, who);
    for (const r of written?.roles ?? []) add(roles, r, who);
    for (const k of needs.defines ?? []) defined.add(k);
    groups ||= needs.groups === true;
  }
  for (const k of defined) keys.delete(k);
  return { ...(scim ? { scim } : {}), keys, roles, groups };
}

export interface PreflightOptions {
  readonly output: SynthOutput;
  readonly token: string;
  readonly dispatcher?: Dispatcher;
  /** @default - the engine's (DEFAULT_RETRY_POLICY) */
  readonly retry?: Partial<RetryPolicy>;
  /** How long rate-limited requests are waited out, as the engine does (DOMO_IDENTITY_TIME_BUDGET). @default 30 minutes */
  readonly timeBudgetMs?: number;
  /** @default - a real timer */
  readonly sleep?: (ms: number) => Promise<void>;
  /** @default KINDS */
  readonly kinds?: readonly KindDefinition[];
}

export interface PreflightResult {
  readonly keys: number;
  readonly roles: number;
  /** GETs sent. */
  readonly requests: number;
}

/**
 * Doctor's checks for a synthesized stack, read-only (no write check): the token works, groups can
 * be listed when the stack has groups, every key the stack writes is defined in Domo with a value
 * source API writes can change, and every role it gives exists. Every problem found is listed in
 * one ConfigError (exit 2), each naming the key or role, the constructs that need it and the fix.
 * Requests go as the engine sends them: one transport and throttle for SCIM and the Domo API, the
 * engine's retries, and 429s waited out within the deploy's time budget, so a fault the deploy
 * would ride out does not stop it here. A token Domo refuses, and Domo failing to answer after
 * those retries, are failures (exit 1) whose message names the cause.
 */
export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
  const needs = stackNeeds(options.output, options.kinds);
  if (!needs.scim) return { keys: 0, roles: 0, requests: 0 };
  const scim = new ScimClient({
    baseUrl: needs.scim.url,
    token: options.token,
    authScheme: needs.scim.authScheme,
    dispatcher: options.dispatcher,
    retry: options.retry,
    sleep: options.sleep,
    budget: new TimeBudget(options.timeBudgetMs),
  });
  const domo = new DomoApiClient(scim.transport.withRoot(parseInstanceRoot(instanceUrlFromScimUrl(needs.scim.url)), 'Domo API'));
  let requests = 0;
  try {
    requests++;
    const token = await checkToken(scim);
    if (token.status === 'fail') throw new Error(`preflight: ${token.message}. Nothing was planned or changed`);
    const problems: string[] = [];
    if (needs.groups) {
      requests++;
      const groups = await checkGroups(scim);
      if (groups.status === 'fail') problems.push(groups.message);
    }
    if (needs.keys.size > 0) {
      requests++;
      problems.push(...(await keyProblems(domo, needs.keys)));
    }
    if (needs.roles.size > 0) {
      requests++;
      problems.push(...(await roleProblems(domo, needs.roles)));
    }
    if (problems.length > 0) {
      throw new ConfigError(
        `preflight found ${problems.length} problem${problems.length === 1 ? '' : 's'} before Terraform ran (nothing was planned or changed):\n` +
          problems.map((p) => `  - ${p}`).join('\n'),
      );
    }
    return { keys: needs.keys.size, roles: needs.roles.size, requests };
  } finally {
    await scim.close();
    await domo.close();
  }
}

/** One problem per key the stack writes that Domo does not define, or defines with a value source API writes cannot change. */
async function keyProblems(domo: DomoApiClient, keys: StackNeeds['keys']): Promise<string[]> {
  const definitions = await probe(() => domo.listAttributeDefinitions());
  if (!definitions.ok) throw new Error(`preflight: cannot list Domo's attribute definitions: ${(definitions.error as Error).message}`);
  const problems: string[] = [];
  for (const [key, who] of keys) {
    const check = keyCheck(key, definitions);
    if (check.status === 'fail') {
      problems.push(
        `${who.join(', ')} ${who.length === 1 ? 'writes' : 'write'} the custom attribute key "${key}": ${check.message}. ` +
          `Fix: define "${key}" in Domo (Admin > Governance > Attributes, or with a DomoCustomAttributes construct in this stack), or stop writing it`,
      );
    }
  }
  return problems;
}

/** One problem per role the stack gives that Domo does not have. */
async function roleProblems(domo: DomoApiClient, roles: StackNeeds['roles']): Promise<string[]> {
  const listed = await probe(() => domo.roles.list());
  if (!listed.ok) throw new Error(`preflight: cannot list Domo's roles: ${(listed.error as Error).message}`);
  const problems: string[] = [];
  for (const [role, who] of roles) {
    const check = roleCheck(role, listed);
    if (check.status === 'fail')
      problems.push(`${who.join(', ')} ${who.length === 1 ? 'gives' : 'give'} users role id ${role}: ${check.message}`);
  }
  return problems;
}
