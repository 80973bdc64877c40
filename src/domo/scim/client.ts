import type { z } from 'zod';
import { ConfigError } from '../../errors';
import { ScimError } from '../errors';
import { DomoTransport } from '../transport';
import type { RequestOptions, ResponseEvent, TransportSettings } from '../transport-options';
import { parseScimRoot } from '../url';
import { authHeaders } from '../auth';
import { userNameFilter } from './filter';
import type { GroupPatchOperation } from './group-operations';
import * as groups from './groups';
import { paginate } from './paginate';
import {
  listResponseSchema,
  ScimUserSchema,
  type PatchOperation,
  type ScimGroup,
  type ScimGroupWrite,
  type ScimUser,
  type ScimUserWrite,
} from './schemas';
import { CORE_USER, CUSTOM_USER, DOMO_USER, ENTERPRISE_USER, PATCH_OP } from './urns';

export type ScimResponseEvent = ResponseEvent;

export interface ScimClientOptions extends TransportSettings {
  /** SCIM root, e.g. https://acme.domo.com/api/identity/v1/scim (trailing slash tolerated). */
  readonly baseUrl: string;
  /** Domo access token. */
  readonly token: string;
  /** @default 'bearer' (Authorization: Bearer); 'developer-token' sends X-Domo-Developer-Token */
  readonly authScheme?: 'bearer' | 'developer-token';
}

export type ScimRequestOptions<T> = RequestOptions<T>;

export interface ListOptions {
  readonly filter?: string;
  /** Only these (plus id, schemas, meta), e.g. `['userName']` for a cheap userName -> id listing. */
  readonly attributes?: '_all' | readonly string[];
  /** Leave these out, e.g. `['members']` so a group listing does not carry every member. */
  readonly excludedAttributes?: readonly string[];
  /** @default 200 */
  readonly pageSize?: number;
  /** Told about every page as it arrives, e.g. to decide from `totalResults` whether to keep listing. */
  readonly onPage?: (page: { readonly startIndex: number; readonly items: number; readonly totalResults?: number }) => void;
}

/** A client of Domo's SCIM 2.0 API; one per instance and token, safe for concurrent calls. */
export class ScimClient {
  readonly transport: DomoTransport;

  constructor(options: ScimClientOptions) {
    const { baseUrl, token, authScheme, ...settings } = options;
    const credentials = authHeaders('SCIM', token, authScheme);
    this.transport = new DomoTransport({ ...settings, root: parseScimRoot(baseUrl), label: 'SCIM', ...credentials });
  }

  /** A client over an existing transport (the deploy engine's, with its shared throttle). */
  static over(transport: DomoTransport): ScimClient {
    const client = Object.create(ScimClient.prototype) as ScimClient;
    Object.defineProperty(client, 'transport', { value: transport });
    return client;
  }

  /** Sends one SCIM request (with retries) and returns the validated body; the base of every call. */
  request<T>(method: string, path: string, opts: ScimRequestOptions<T> = {}): Promise<{ status: number; body: T | undefined }> {
    return this.transport.request(method, path, opts);
  }

  /** Yields a SCIM list resource (`/Users`, `/Groups`) page by page. */
  listResources<T extends { readonly id: string }>(
    path: string,
    item: z.ZodType<T>,
    opts: ListOptions = {},
  ): AsyncGenerator<T[], void, undefined> {
    const pageSize = opts.pageSize ?? 200;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new ConfigError(`SCIM pageSize must be an integer >= 1, got ${pageSize}`);
    const query: Record<string, string> = {};
    if (opts.filter !== undefined) query.filter = opts.filter;
    if (opts.attributes !== undefined) query.attributes = opts.attributes === '_all' ? '_all' : opts.attributes.join(',');
    if (opts.excludedAttributes !== undefined) query.excludedAttributes = opts.excludedAttributes.join(',');
    const schema = listResponseSchema(item);
    const fetchPage = async (startIndex: number, count: number) => {
      const { body } = await this.request('GET', path, {
        query: { ...query, startIndex: String(startIndex), count: String(count) },
        schema,
      });
      const page = { items: body?.Resources ?? [], totalResults: body?.totalResults };
      opts.onPage?.({ startIndex, items: page.items.length, totalResults: page.totalResults });
      return page;
    };
    return paginate(fetchPage, { pageSize, idOf: (resource) => resource.id, what: `SCIM GET ${path}` });
  }

  listUsers(opts: ListOptions = {}): AsyncGenerator<ScimUser[], void, undefined> {
    return this.listResources('/Users', ScimUserSchema, opts);
  }

  /** The user whose userName equals `userName` ignoring case; never a different user even if the server's filter is loose. */
  async findUserByUserName(userName: string, opts: { all?: boolean } = {}): Promise<ScimUser | undefined> {
    const wanted = userName.toLowerCase();
    for await (const page of this.listUsers({ filter: userNameFilter(userName), attributes: opts.all ? '_all' : undefined })) {
      const match = page.find((u) => u.userName.toLowerCase() === wanted);
      if (match) return match;
    }
    return undefined;
  }

  async getUser(id: string, opts: { all?: boolean } = {}): Promise<ScimUser> {
    const path = userPath(id);
    const { body } = await this.request('GET', path, { query: opts.all ? { attributes: '_all' } : undefined, schema: ScimUserSchema });
    return required('GET', path, body);
  }

  async createUser(body: ScimUserWrite): Promise<ScimUser> {
    const res = await this.request('POST', '/Users', { body: withSchemas(body), schema: ScimUserSchema });
    return required('POST', '/Users', res.body);
  }

  /** Replaces every attribute. Note that `active: false` deletes the user in Domo. */
  async replaceUser(id: string, body: ScimUserWrite): Promise<ScimUser> {
    const path = userPath(id);
    const res = await this.request('PUT', path, { body: withSchemas(body), schema: ScimUserSchema });
    return required('PUT', path, res.body);
  }

  /** Applies a PatchOp; resolves undefined when the server answers without a body (204), or when there is nothing to send. */
  async patchUser(id: string, operations: readonly PatchOperation[]): Promise<ScimUser | undefined> {
    const path = userPath(id);
    if (operations.length === 0) return undefined;
    const res = await this.request('PATCH', path, { body: { schemas: [PATCH_OP], Operations: operations }, schema: ScimUserSchema });
    return res.body;
  }

  /** Fails (409/400) while the user owns DataSets or DataFlows; retried deletes may answer 404. */
  async deleteUser(id: string): Promise<void> {
    await this.request('DELETE', userPath(id));
  }

  // Groups: implemented in groups.ts, documented there.

  getGroup(id: string, opts?: groups.GetGroupOptions): Promise<ScimGroup> {
    return groups.getGroup(this, id, opts);
  }

  findGroupByDisplayName(displayName: string): Promise<ScimGroup | undefined> {
    return groups.findGroupByDisplayName(this, displayName);
  }

  listGroups(opts?: groups.GroupListOptions): AsyncGenerator<ScimGroup[], void, undefined> {
    return groups.listGroups(this, opts);
  }

  createGroup(body: ScimGroupWrite): Promise<ScimGroup> {
    return groups.createGroup(this, body);
  }

  replaceGroup(id: string, body: ScimGroupWrite): Promise<ScimGroup> {
    return groups.replaceGroup(this, id, body);
  }

  patchGroup(id: string, operations: readonly GroupPatchOperation[]): Promise<ScimGroup | undefined> {
    return groups.patchGroup(this, id, operations);
  }

  deleteGroup(id: string): Promise<void> {
    return groups.deleteGroup(this, id);
  }

  /** Closes the dispatcher if the client created it; an injected one belongs to the caller. */
  close(): Promise<void> {
    return this.transport.close();
  }
}

function userPath(id: string): string {
  if (typeof id !== 'string' || id.trim() === '')
    throw new ConfigError(`SCIM user id must be a non-empty string, got ${JSON.stringify(id)}`);
  return `/Users/${encodeURIComponent(id)}`;
}

/** Declares the core schema plus every extension block present, as SCIM requires. */
function withSchemas(body: ScimUserWrite): ScimUserWrite {
  if (body.schemas !== undefined) return body;
  const extensions = [ENTERPRISE_USER, DOMO_USER, CUSTOM_USER].filter((urn) => body[urn] !== undefined);
  return { ...body, schemas: [CORE_USER, ...extensions] };
}

function required<T>(method: string, path: string, body: T | undefined): T {
  if (body !== undefined) return body;
  throw new ScimError({ method, path, message: `SCIM ${method} ${path} returned an empty body where a user was expected` });
}
