import type { ScimClient } from '../domo/scim/client';
import type { ScimUser } from '../domo/scim/schemas';
import { userKey } from '../model/identity';
import { mapLimit } from './pool';

export interface DirectoryOptions {
  /** Users asked per listing page; the server may return fewer. @default 1000 */
  readonly pageSize?: number;
  /** Up to this many unknown users are looked up one by one; more trigger one listing of everyone. @default 10 */
  readonly targetedLimit?: number;
  /** Lookups in flight at once (the throttle caps requests anyway). @default 8 */
  readonly concurrency?: number;
}

/**
 * The deploy's one view of Domo's users: userName -> the user with every attribute (`_all`),
 * shared by every instance of the deploy. Few unknown users are looked up by userName; more fill
 * the whole directory with one paginated listing, after which a user not in it does not exist.
 * Writes keep it current: reads after a write replace the entry, and a listing that was already
 * under way never overwrites an entry a write has refreshed since.
 */
export class UserDirectory {
  readonly #client: ScimClient;
  readonly #pageSize: number;
  readonly #targetedLimit: number;
  readonly #concurrency: number;
  readonly #users = new Map<string, ScimUser>();
  readonly #absent = new Set<string>();
  /** Entries refreshed by a write or read-back since the last listing began. */
  #fresh = new Set<string>();
  readonly #lookups = new Map<string, Promise<ScimUser | undefined>>();
  #listing: Promise<void> | undefined;
  #complete = false;
  #total: number | undefined;
  /** Requests the last full listing took (the server may return smaller pages than asked). */
  #pages: number | undefined;

  constructor(client: ScimClient, options: DirectoryOptions = {}) {
    this.#client = client;
    this.#pageSize = options.pageSize ?? 1000;
    this.#targetedLimit = options.targetedLimit ?? 10;
    this.#concurrency = options.concurrency ?? 8;
  }

  /** Requests one listing of every user takes: as many as the last one did; undefined before any listing. */
  get listingCost(): number | undefined {
    return this.#pages;
  }

  /** The users of these userNames (by userKey; undefined: Domo has no such user), reading Domo as little as it can. */
  async find(userNames: readonly string[]): Promise<Map<string, ScimUser | undefined>> {
    const keys = [...new Set(userNames.map(userKey))];
    const unknown = () => keys.filter((k) => !this.#users.has(k) && !this.#absent.has(k) && !this.#complete);
    if (unknown().length > this.#targetedLimit || (this.#listing && unknown().length > 0)) await this.listAll();
    const byName = new Map(userNames.map((n) => [userKey(n), n]));
    await mapLimit(unknown(), this.#concurrency, (k) => this.#lookUp(byName.get(k)!));
    return new Map(keys.map((k) => [k, this.#users.get(k)]));
  }

  /** The cached user, if the directory knows them. */
  get(userName: string): ScimUser | undefined {
    return this.#users.get(userKey(userName));
  }

  /** A user as just read or written: the directory's entry from now on. */
  remember(user: ScimUser): void {
    const key = userKey(user.userName);
    this.#users.set(key, user);
    this.#absent.delete(key);
    this.#fresh.add(key);
  }

  /** A user deleted by this deploy. */
  forget(userName: string): void {
    const key = userKey(userName);
    this.#users.delete(key);
    this.#absent.add(key);
    this.#fresh.add(key);
  }

  /** Reads every user once (single-flight); later calls wait for the same listing. */
  listAll(): Promise<void> {
    this.#listing ??= this.#list().finally(() => {
      this.#listing = undefined;
    });
    return this.#listing;
  }

  /** Reads every user again (after many writes), returning them by userKey; the directory takes them in too. */
  async relist(): Promise<Map<string, ScimUser>> {
    if (this.#listing) await this.#listing;
    this.#listing = this.#list();
    try {
      await this.#listing;
    } finally {
      this.#listing = undefined;
    }
    return new Map(this.#users);
  }

  async #list(): Promise<void> {
    this.#fresh = new Set();
    const seen = new Set<string>();
    let pages = 0;
    const onPage = (page: { readonly startIndex: number; readonly totalResults?: number }) => {
      pages++;
      if (page.startIndex === 1 && page.totalResults !== undefined) this.#total = page.totalResults;
    };
    for await (const page of this.#client.listUsers({ attributes: '_all', pageSize: this.#pageSize, onPage })) {
      for (const user of page) {
        const key = userKey(user.userName);
        seen.add(key);
        if (!this.#fresh.has(key)) this.#users.set(key, user);
      }
    }
    for (const key of [...this.#users.keys()]) if (!seen.has(key) && !this.#fresh.has(key)) this.#users.delete(key);
    this.#total = Math.max(this.#total ?? 0, seen.size);
    this.#pages = Math.max(1, pages);
    this.#absent.clear();
    this.#complete = true;
  }

  #lookUp(userName: string): Promise<ScimUser | undefined> {
    const key = userKey(userName);
    let pending = this.#lookups.get(key);
    if (!pending) {
      pending = this.#client.findUserByUserName(userName, { all: true }).then((user) => {
        if (this.#fresh.has(key)) return this.#users.get(key);
        if (user) this.#users.set(key, user);
        else this.#absent.add(key);
        return user;
      });
      pending.finally(() => this.#lookups.delete(key)).catch(() => {});
      this.#lookups.set(key, pending);
    }
    return pending;
  }
}
