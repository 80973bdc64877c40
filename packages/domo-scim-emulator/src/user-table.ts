import { ResourceMeta, ResourceTable } from './resource-table';
import { SeedUser } from './seed';

/** Users by id, with an index on Domo's unique key so a lookup by userName stays O(1) at scale. */
export class UserTable {
  private readonly rows: ResourceTable<SeedUser>;
  /** Lower-cased userName -> id. */
  private readonly idByUserName = new Map<string, string>();

  constructor(initial: readonly SeedUser[]) {
    this.rows = new ResourceTable(initial);
    for (const u of initial) this.idByUserName.set(u.userName.toLowerCase(), u.id);
  }

  /** The stored object itself: callers copy it before handing it out. */
  get(id: string): SeedUser | undefined {
    return this.rows.get(id);
  }

  meta(id: string): ResourceMeta | undefined {
    return this.rows.meta(id);
  }

  /** userName is compared case-insensitively. */
  idOf(userName: string): string | undefined {
    return this.idByUserName.get(userName.toLowerCase());
  }

  list(): SeedUser[] {
    return this.rows.list();
  }

  nextId(): string {
    return this.rows.nextId();
  }

  /** Stores `user` as given (no copy), moving the userName index when a rename replaces a user. */
  put(user: SeedUser): void {
    const previous = this.rows.get(user.id);
    if (previous) this.idByUserName.delete(previous.userName.toLowerCase());
    this.rows.put(user);
    this.idByUserName.set(user.userName.toLowerCase(), user.id);
  }

  /** Drops every user's values for a deleted attribute, so no user holds an undefined key. */
  dropAttribute(key: string): void {
    for (const user of this.rows.list()) {
      if (!Object.hasOwn(user.customAttributes, key)) continue;
      const next = structuredClone(user);
      delete next.customAttributes[key];
      this.rows.put(next);
    }
  }

  delete(id: string): boolean {
    const user = this.rows.get(id);
    const deleted = this.rows.delete(id);
    if (user) this.idByUserName.delete(user.userName.toLowerCase());
    return deleted;
  }
}
