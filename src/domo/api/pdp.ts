import { z } from 'zod';
import { ConfigError } from '../../errors';
import { asDomoApiError, ScimError } from '../errors';
import { DomoTransport } from '../transport';
import type { RequestOptions, TransportSettings } from '../transport-options';
import { parseApiRoot } from '../url';
import { openApiSession, type ClientCredentials } from './oauth';
import { DATASETS_PATH, datasetIdProblem, DEFAULT_DOMO_API_HOST } from './paths';
import { DomoId } from './schemas';

/*
 * Domo's PDP (Personalized Data Permissions) policies on the public API: `GET|POST
 * /v1/datasets/{id}/policies`, `GET|PUT|DELETE /v1/datasets/{id}/policies/{pdp_id}`, behind an
 * access token of an API client with the data scope. A policy is `{ id, type: user|system, name,
 * filters: [{ column, values, operator, not }], users: [ids], groups: [ids] }`; the `system`
 * "All Rows" policy is Domo's own and is never written.
 */

/** An API client of the public API and where that API is: what PDP calls need besides the SCIM token. */
export interface PublicApiAccess extends ClientCredentials {
  /** e.g. https://api.domo.com; plain http only for loopback hosts (the local service). */
  readonly apiHost: string;
}

/** Values are strings whatever the column's type; a number or boolean Domo sends is read as its text. */
const FilterValue = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const list = <T extends z.ZodType>(item: T) =>
  z
    .array(item)
    .nullish()
    .transform((v) => v ?? []);

export const PdpFilterSchema = z.looseObject({
  column: z.string(),
  values: list(FilterValue),
  operator: z.string(),
  not: z
    .boolean()
    .nullish()
    .transform((v) => v ?? false),
});
export type PdpFilter = z.infer<typeof PdpFilterSchema>;

export const PdpPolicySchema = z.looseObject({
  id: DomoId,
  /** `user` (ours to manage) or `system` (the All Rows policy). */
  type: z
    .string()
    .nullish()
    .transform((v) => v ?? 'user'),
  name: z.string(),
  filters: list(PdpFilterSchema),
  users: list(DomoId),
  groups: list(DomoId),
});
export type PdpPolicy = z.infer<typeof PdpPolicySchema>;

/** What a create or update sends: the whole policy, so what Domo keeps is exactly this. */
export interface PdpPolicyBody {
  readonly name: string;
  readonly filters: readonly {
    readonly column: string;
    readonly values: readonly string[];
    readonly operator: string;
    readonly not: boolean;
  }[];
  readonly users: readonly number[];
  readonly groups: readonly number[];
}

const DatasetInfoSchema = z.looseObject({
  id: z.string(),
  name: z.string().nullish(),
  schema: z.looseObject({ columns: list(z.looseObject({ name: z.string() })) }).nullish(),
  /** Absent when Domo does not say; only `false` means PDP is off. */
  pdpEnabled: z.boolean().nullish(),
});

/** A dataset as policy validation needs it. */
export interface DatasetInfo {
  readonly id: string;
  readonly name?: string;
  readonly columns: readonly string[];
  /** undefined when Domo did not say. */
  readonly pdpEnabled?: boolean;
}

const PolicyList = z.array(PdpPolicySchema);

interface Session {
  readonly api: DomoTransport;
}

/**
 * A client of the PDP policy API. It sends through transports derived from `base` (the deploy's
 * one dispatcher, throttle and time budget), rooted at the public API host. The client id and
 * secret are asked for at the first call, exchanged for an access token once, and again once if
 * Domo answers 401 (an expired token); the secret, the Basic credential and the token are redacted
 * from everything the transports store or print.
 */
export class PdpClient {
  readonly #base: DomoTransport;
  readonly #access: () => PublicApiAccess;
  readonly #ownsBase: boolean;
  #session: Promise<Session> | undefined;

  /** `access` may throw a ConfigError (credentials missing): every call then fails with it, before any request. */
  constructor(base: DomoTransport, access: () => PublicApiAccess, options: { readonly ownsBase?: boolean } = {}) {
    this.#base = base;
    this.#access = access;
    this.#ownsBase = options.ownsBase ?? false;
  }

  /** A client with a transport of its own to the API host (for a command), closed by close(). */
  static standalone(access: PublicApiAccess, settings: TransportSettings = {}): PdpClient {
    const root = parseApiRoot(access.apiHost, 'DOMO_API_HOST', DEFAULT_DOMO_API_HOST);
    return new PdpClient(new DomoTransport({ ...settings, root, label: 'Domo API' }), () => access, { ownsBase: true });
  }

  /** The dataset's name, columns and whether PDP is enabled; undefined when Domo has no such dataset (404). */
  async dataset(datasetId: string): Promise<DatasetInfo | undefined> {
    try {
      const body = await this.#required('GET', datasetPath(datasetId), { schema: DatasetInfoSchema });
      return {
        id: body.id,
        ...(body.name ? { name: body.name } : {}),
        columns: (body.schema?.columns ?? []).map((c) => c.name),
        ...(typeof body.pdpEnabled === 'boolean' ? { pdpEnabled: body.pdpEnabled } : {}),
      };
    } catch (e) {
      if (e instanceof ScimError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Every policy of the dataset, the system All Rows policy included. */
  listPolicies(datasetId: string): Promise<PdpPolicy[]> {
    return this.#required('GET', `${datasetPath(datasetId)}/policies`, { schema: PolicyList });
  }

  /** undefined when the policy is gone (404). */
  async getPolicy(datasetId: string, policyId: number): Promise<PdpPolicy | undefined> {
    try {
      return await this.#required('GET', policyPath(datasetId, policyId), { schema: PdpPolicySchema });
    } catch (e) {
      if (e instanceof ScimError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Creates a `user` policy; resolves what Domo answered, undefined for an empty answer. POST is not retried once it may have been applied. */
  async createPolicy(datasetId: string, body: PdpPolicyBody): Promise<PdpPolicy | undefined> {
    const res = await this.#request('POST', `${datasetPath(datasetId)}/policies`, {
      body: { type: 'user', ...body },
      schema: PdpPolicySchema,
    });
    return res.body;
  }

  /** Replaces name, filters, users and groups of a `user` policy (its id stays). */
  async updatePolicy(datasetId: string, policyId: number, body: PdpPolicyBody): Promise<PdpPolicy | undefined> {
    const res = await this.#request('PUT', policyPath(datasetId, policyId), { body: { type: 'user', ...body }, schema: PdpPolicySchema });
    return res.body;
  }

  async deletePolicy(datasetId: string, policyId: number): Promise<void> {
    await this.#request('DELETE', policyPath(datasetId, policyId), {});
  }

  /** Derived transports release nothing of the caller's; a standalone client closes its own. */
  async close(): Promise<void> {
    const session = await this.#session?.catch(() => undefined);
    await session?.api.close();
    if (this.#ownsBase) await this.#base.close();
  }

  async #required<T>(method: string, path: string, opts: RequestOptions<T>): Promise<T> {
    const { status, body } = await this.#request(method, path, opts);
    if (body !== undefined) return body;
    throw asDomoApiError(
      new ScimError({ method, path, status, message: `Domo API ${method} ${path} returned ${status} with an empty body` }),
    ) as Error;
  }

  async #request<T>(method: string, path: string, opts: RequestOptions<T>): Promise<{ status: number; body: T | undefined }> {
    for (let attempt = 1; ; attempt++) {
      const session = await this.#connect(attempt > 1);
      try {
        return await session.api.request(method, path, opts);
      } catch (e) {
        const err = asDomoApiError(e);
        // An access token lives about an hour: a long deploy gets a new one, once.
        if (attempt === 1 && err instanceof ScimError && err.status === 401) continue;
        throw err;
      }
    }
  }

  #connect(renew: boolean): Promise<Session> {
    if (renew || !this.#session) {
      const session = this.#open();
      // A failed exchange is not kept: the next call tries again (and fails the same way if nothing changed).
      session.catch(() => {
        if (this.#session === session) this.#session = undefined;
      });
      this.#session = session;
    }
    return this.#session;
  }

  async #open(): Promise<Session> {
    const access = this.#access();
    const root = parseApiRoot(access.apiHost, 'DOMO_API_HOST', DEFAULT_DOMO_API_HOST);
    const api = await openApiSession(this.#base, access, root);
    return { api };
  }
}

function datasetPath(datasetId: string): string {
  if (typeof datasetId !== 'string' || datasetIdProblem(datasetId) !== undefined)
    throw new ConfigError(`Dataset id ${JSON.stringify(datasetId)} is invalid: use the id from the dataset's URL in Domo`);
  return `${DATASETS_PATH}/${encodeURIComponent(datasetId)}`;
}

function policyPath(datasetId: string, policyId: number): string {
  return `${datasetPath(datasetId)}/policies/${encodeURIComponent(String(policyId))}`;
}
