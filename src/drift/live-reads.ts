import type { Dispatcher } from 'undici';
import { DomoApiClient } from '../domo/api/client';
import { PdpClient, type PublicApiAccess } from '../domo/api/pdp';
import type { AttributeDefinition, Authority, Role } from '../domo/api/schemas';
import type { DatasetInfo } from '../domo/api/pdp';
import type { RetryPolicy } from '../domo/retry';
import type { ScimClient } from '../domo/scim/client';
import type { ScimGroup, ScimUser } from '../domo/scim/schemas';
import { instanceUrlFromScimUrl, parseInstanceRoot } from '../domo/url';
import { groupKey } from '../model/identity';
import { mapLimit } from '../engine/pool';
import type { SharedLive } from './facet';

export interface LiveReadOptions {
  /** Page size asked for; the server may return fewer. @default 1000 */
  readonly pageSize?: number;
  /** Group reads in flight at once. @default 4 */
  readonly concurrency?: number;
}

export interface LiveReadsSettings extends LiveReadOptions {
  readonly scim: ScimClient;
  /** The public API client's credentials, asked for when a facet reads through it; `what` says which constructs need it. */
  readonly publicApi: (what: string) => PublicApiAccess;
  readonly dispatcher?: Dispatcher;
  readonly retry?: Partial<RetryPolicy>;
  /** close() closes the SCIM client too. @default false */
  readonly ownsScim?: boolean;
}

/**
 * Domo as one drift check reads it, shared by every facet so that each listing is made once
 * however many facets need it: requests in proportion to pages and groups, never to users.
 * Nothing here writes.
 */
export class LiveReads {
  readonly scim: ScimClient;
  readonly #settings: LiveReadsSettings;
  #users: Promise<ScimUser[]> | undefined;
  #groups: Promise<ScimGroup[]> | undefined;
  #roles: Promise<Role[]> | undefined;
  #definitions: Promise<AttributeDefinition[]> | undefined;
  #authorities: Promise<Authority[]> | undefined;
  readonly #datasets = new Map<string, Promise<DatasetInfo | undefined>>();
  #api: DomoApiClient | undefined;
  #pdp: PdpClient | undefined;
  readonly #detailed = new Map<string, ScimGroup>();

  constructor(settings: LiveReadsSettings) {
    this.scim = settings.scim;
    this.#settings = settings;
  }

  get #pageSize(): number {
    return this.#settings.pageSize ?? 1000;
  }

  /** Every user with every attribute (`attributes=_all`): one paginated listing. */
  users(): Promise<ScimUser[]> {
    return (this.#users ??= this.#list((pageSize) => this.scim.listUsers({ attributes: '_all', pageSize })));
  }

  /** Every user's id and userName: the full listing when it was read already, else a listing of those two only. */
  async userNames(): Promise<ReadonlyArray<{ readonly id: string; readonly userName: string }>> {
    if (this.#users) return this.#users;
    return this.#list((pageSize) => this.scim.listUsers({ attributes: ['userName'], pageSize }));
  }

  /** Every group's id and displayName, without members: one paginated listing. */
  groups(): Promise<ScimGroup[]> {
    return (this.#groups ??= this.#list((pageSize) => this.scim.listGroups({ excludeMembers: true, pageSize })));
  }

  /** Every group with its members: one paginated listing. */
  groupsWithMembers(): Promise<ScimGroup[]> {
    return this.#list((pageSize) => this.scim.listGroups({ pageSize }));
  }

  /** The groups of these displayNames that Domo has (the first of each name, ignoring case), with their members. */
  async groupsNamed(displayNames: Iterable<string>): Promise<ScimGroup[]> {
    const wanted = new Set([...displayNames].map(groupKey));
    if (wanted.size === 0) return [];
    const found = new Map<string, ScimGroup>();
    for (const g of await this.groups())
      if (wanted.has(groupKey(g.displayName)) && !found.has(groupKey(g.displayName))) found.set(groupKey(g.displayName), g);
    const read = await mapLimit([...found.values()], this.#settings.concurrency ?? 4, (g) => this.scim.getGroup(g.id));
    for (const g of read) this.#detailed.set(groupKey(g.displayName), g);
    return read;
  }

  /** Domo's roles: one listing on the instance host. */
  roles(): Promise<Role[]> {
    return (this.#roles ??= this.api().roles.list());
  }

  /** Every grant of the instance (Roles Governance API): one listing on the instance host. */
  authorities(): Promise<Authority[]> {
    return (this.#authorities ??= this.api().authorities.list());
  }

  /** The grants as an earlier call listed them; undefined when none did (nothing is read here). */
  listedAuthorities(): Promise<Authority[]> | undefined {
    return this.#authorities;
  }

  /** Domo's custom attribute definitions: one listing on the instance host. */
  definitions(): Promise<AttributeDefinition[]> {
    return (this.#definitions ??= this.api().listAttributeDefinitions());
  }

  /** A dataset as the PDP API describes it (undefined: Domo has none of this id), read once; `what` as for pdp(). */
  dataset(id: string, what: string): Promise<DatasetInfo | undefined> {
    let read = this.#datasets.get(id);
    if (!read) this.#datasets.set(id, (read = this.pdp(what).dataset(id)));
    return read;
  }

  /** The Domo API client on the instance host, over the SCIM client's transport (one throttle, the same token). */
  api(): DomoApiClient {
    const transport = this.scim.transport;
    this.#api ??= new DomoApiClient(transport.withRoot(parseInstanceRoot(instanceUrlFromScimUrl(transport.root.url)), 'Domo API'));
    return this.#api;
  }

  /** The PDP client on Domo's public API; `what` names the constructs that need it, for a missing credential's message. */
  pdp(what: string): PdpClient {
    this.#pdp ??= PdpClient.standalone(this.#settings.publicApi(what), {
      dispatcher: this.#settings.dispatcher,
      retry: this.#settings.retry,
    });
    return this.#pdp;
  }

  /** What was read, for the plan's old side of instances new to Terraform. */
  async shared(): Promise<SharedLive> {
    return { users: this.#users ? await this.#users : [], groups: [...this.#detailed.values()] };
  }

  async close(): Promise<void> {
    await this.#pdp?.close();
    if (this.#settings.ownsScim) await this.scim.close();
  }

  async #list<T>(pages: (pageSize: number) => AsyncIterable<readonly T[]>): Promise<T[]> {
    const all: T[] = [];
    for await (const page of pages(this.#pageSize)) all.push(...page);
    return all;
  }
}
