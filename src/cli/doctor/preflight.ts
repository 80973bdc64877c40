import type { Dispatcher } from 'undici';
import { DomoApiClient } from '../../domo/api/client';
import { openApiSession } from '../../domo/api/oauth';
import { DEFAULT_DOMO_API_HOST } from '../../domo/api/paths';
import type { PublicApiAccess } from '../../domo/api/pdp';
import type { RetryPolicy } from '../../domo/retry';
import { ScimClient } from '../../domo/scim/client';
import { TimeBudget } from '../../domo/budget';
import { instanceUrlFromScimUrl, parseApiRoot, parseInstanceRoot } from '../../domo/url';
import { ConfigError } from '../../errors';
import type { ScimConnection } from '../../model/kind';
import type { SynthOutput } from '../../synth/reader';
import type { KindDefinition } from '../../kinds/kind';
import { KINDS } from '../../kinds/registry';
import { kindNamed } from '../../model/kind';
import { customRoleName } from '../../model/roles';
import { checkRolesGrant } from './domo-checks';
import { checkGroups, checkToken } from './scim-checks';

/** What a synthesized stack needs from Domo, with the constructs that need it. */
export interface StackNeeds {
  readonly scim?: ScimConnection;
  /** Custom attribute key -> the constructs that write it (`DomoUserAttributes "stack/Attrs"`). */
  readonly keys: ReadonlyMap<string, readonly string[]>;
  /** Role id -> the constructs that give it. */
  readonly roles: ReadonlyMap<string, readonly string[]>;
  readonly groups: boolean;
  /** Some construct reads and writes custom roles and their grants. */
  readonly manageRoles: boolean;
  /** The constructs that write through Domo's public API with the API client (absent: none). */
  readonly publicApi?: readonly string[];
}

/**
 * The keys and roles a synthesized stack writes, per construct. Keys that a DomoCustomAttributes
 * construct of the same stack defines, and custom roles a DomoRoles construct of it creates, are
 * left out: the deploy creates them.
 */
export function stackNeeds(output: SynthOutput, kinds: readonly KindDefinition[] = KINDS): StackNeeds {
  const keys = new Map<string, string[]>();
  const roles = new Map<string, string[]>();
  const defined = new Set<string>();
  const definedRoles = new Set<string>();
  const add = (map: Map<string, string[]>, name: string, who: string) => map.set(name, [...new Set([...(map.get(name) ?? []), who])]);
  let scim: ScimConnection | undefined;
  let groups = false;
  let manageRoles = false;
  const publicApi: string[] = [];
  for (const entry of output.constructs) {
    const kind = kindNamed(kinds, entry.kind);
    const who = `${kind.constructClass} ${JSON.stringify(entry.path)}`;
    const written = kind.writes?.(output, entry);
    const needs = kind.needs(output, entry);
    scim ??= needs.scim;
    for (const k of written?.keys ?? []) add(keys, k, who);
    for (const r of written?.roles ?? []) add(roles, r, who);
    for (const k of needs.defines ?? []) defined.add(k);
    for (const r of needs.definesRoles ?? []) definedRoles.add(r.trim().toLowerCase());
    groups ||= needs.groups === true;
    manageRoles ||= needs.roles === true;
    if (needs.publicApi) publicApi.push(who);
  }
  for (const k of defined) keys.delete(k);
  for (const r of [...roles.keys()]) if (definedRoles.has(customRoleName(r)?.trim().toLowerCase() ?? '')) roles.delete(r);
  return { ...(scim ? { scim } : {}), keys, roles, groups, manageRoles, ...(publicApi.length > 0 ? { publicApi } : {}) };
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
  /**
   * Check the API client too, when a construct of the stack writes through Domo's public API: its
   * credentials (asked for with the constructs that need them) are exchanged for an access token
   * once, through the same transport. @default - not checked (plan checks that the credentials are set)
   */
  readonly publicApi?: (what: string) => PublicApiAccess;
  /** What a failure message ends with: what was left as it was. @default 'Nothing was planned or changed' */
  readonly untouched?: string;
}

export interface PreflightResult {
  /** Requests sent. */
  readonly requests: number;
  /** The API client got an access token (checked only with `publicApi`, for a stack that needs it). */
  readonly apiClient?: true;
}

/**
 * Doctor's checks for a synthesized stack, read-only (no write check): the token works, the API
 * client gets a token (with `publicApi`), groups can be listed when the stack has groups, and the
 * roles grant holds when it manages roles. Grant problems are listed in one ConfigError (exit 2).
 * Requests go as the engine sends them: one transport and throttle for SCIM and the Domo API, the
 * engine's retries, and 429s waited out within the deploy's time budget, so a fault the deploy
 * would ride out does not stop it here. A token or API client Domo refuses, and Domo failing to
 * answer after those retries, are failures (exit 1) whose one-line message names the cause.
 */
export async function preflight(options: PreflightOptions): Promise<PreflightResult> {
  const needs = stackNeeds(options.output, options.kinds);
  if (!needs.scim) return { requests: 0 };
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
    const untouched = options.untouched ?? 'Nothing was planned or changed';
    if (token.status === 'fail') throw new Error(`preflight: ${token.message}. ${untouched}`);
    let apiClient = false;
    if (options.publicApi && needs.publicApi) {
      requests++;
      const refused = await checkApiClient(scim, options.publicApi(needs.publicApi.join(', ')));
      if (refused !== undefined) throw new Error(`preflight: ${refused}. ${untouched}`);
      apiClient = true;
    }
    const problems: string[] = [];
    if (needs.groups) {
      requests++;
      const groups = await checkGroups(scim);
      if (groups.status === 'fail') problems.push(groups.message);
    }
    const rolesGrant = needs.manageRoles ? (requests++, await checkRolesGrant(domo)) : undefined;
    if (rolesGrant?.status === 'fail') problems.push(rolesGrant.message);
    // Keys and roles are the plan's checks (pipeline/plan-checks.ts): Domo lacking them cannot be applied (exit 4).
    if (problems.length > 0) {
      throw new ConfigError(
        `preflight found ${problems.length} problem${problems.length === 1 ? '' : 's'} before Terraform ran (${untouched.toLowerCase()}):\n` +
          problems.map((p) => `  - ${p}`).join('\n'),
      );
    }
    return { requests, ...(apiClient ? { apiClient: true as const } : {}) };
  } finally {
    await scim.close();
    await domo.close();
  }
}

/**
 * One client-credentials exchange with the API client, as the engine's first public API call
 * makes it (same transport, retries and time budget): why Domo or its API host refused it, on one
 * line, or undefined when it got a token.
 */
async function checkApiClient(scim: ScimClient, access: PublicApiAccess): Promise<string | undefined> {
  const root = parseApiRoot(access.apiHost, 'DOMO_API_HOST', DEFAULT_DOMO_API_HOST);
  try {
    await (await openApiSession(scim.transport, access, root)).close();
    return undefined;
  } catch (e) {
    return (e as Error).message.replace(/\s+/g, ' ');
  }
}
