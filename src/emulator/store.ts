import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { SeedIdpOnlyWrites, loadSeedFile, Seed, SeedAttribute, SeedUser, SeedUserInput } from './seed';
import { ResourceMeta, ResourceTable } from './resource-table';

export interface EmulatorStoreOptions {
  /** @default - an empty instance */
  readonly seed?: Seed;
  /** When set, state is loaded from this file if it exists and saved to it after every change. */
  readonly persistPath?: string;
}

/**
 * The emulated instance: attribute catalog, users, and (reserved) groups. Mutations go through
 * methods here so every one of them is persisted; the HTTP layer enforces SCIM rules before
 * calling them, tests may call them directly to arrange state.
 */
export class EmulatorStore {
  private readonly users: ResourceTable<SeedUser>;
  /** Lower-cased userName -> id: every lookup by Domo's unique key is O(1), as at scale it must be. */
  private readonly idByUserName = new Map<string, string>();
  idpOnlyWrites: SeedIdpOnlyWrites;
  private readonly catalog: Map<string, SeedAttribute>;
  private readonly groups: Seed['groups'];
  private readonly persistPath?: string;

  constructor(options: EmulatorStoreOptions = {}) {
    this.persistPath = options.persistPath;
    const seed =
      options.persistPath && existsSync(options.persistPath)
        ? loadSeedFile(options.persistPath)
        : structuredClone(options.seed ?? Seed.parse({}));
    this.catalog = new Map(seed.attributes.map((a) => [a.key, a]));
    this.idpOnlyWrites = seed.idpOnlyWrites;
    this.users = new ResourceTable(seed.users);
    for (const u of seed.users) this.idByUserName.set(u.userName.toLowerCase(), u.id);
    this.groups = seed.groups;
    this.persist();
  }

  /** The catalog entry for an exact, case-sensitive key. */
  attribute(key: string): SeedAttribute | undefined {
    return this.catalog.get(key);
  }

  /** IdP-only attributes are overwritten at every SSO sign-in, so API writes do not stick. */
  isIdpOnly(key: string): boolean {
    const sources = this.catalog.get(key)?.valueSources ?? [];
    return sources.length > 0 && sources.every((s) => s === 'idp');
  }

  getUser(id: string): SeedUser | undefined {
    const u = this.users.get(id);
    return u && structuredClone(u);
  }

  userMeta(id: string): ResourceMeta | undefined {
    return this.users.meta(id);
  }

  /** userName is the unique key, compared case-insensitively. */
  findUserByUserName(userName: string): SeedUser | undefined {
    const id = this.idByUserName.get(userName.toLowerCase());
    return id === undefined ? undefined : this.getUser(id);
  }

  listUsers(): SeedUser[] {
    return structuredClone(this.users.list());
  }

  nextUserId(): string {
    return this.users.nextId();
  }

  /**
   * Inserts or replaces a user by id, validated against the seed schema and the catalog only: no
   * IdP-only or uniqueness rules, so tests can model what an IdP or an admin did.
   */
  putUser(input: SeedUserInput): SeedUser {
    const user = SeedUser.parse(input);
    const unknown = Object.keys(user.customAttributes).filter((k) => !this.catalog.has(k));
    if (unknown.length > 0) throw new Error(`Unknown custom attribute key(s): ${unknown.join(', ')}`);
    user.customAttributes = Object.fromEntries(Object.entries(user.customAttributes).filter(([, v]) => v.length > 0));
    const previous = this.users.get(user.id);
    if (previous) this.idByUserName.delete(previous.userName.toLowerCase());
    this.users.put(structuredClone(user));
    this.idByUserName.set(user.userName.toLowerCase(), user.id);
    this.persist();
    return structuredClone(user);
  }

  deleteUser(id: string): boolean {
    const user = this.users.get(id);
    const deleted = this.users.delete(id);
    if (user) this.idByUserName.delete(user.userName.toLowerCase());
    if (deleted) this.persist();
    return deleted;
  }

  /** Full state in seed format (a deep copy). */
  snapshot(): Seed {
    return structuredClone({
      attributes: [...this.catalog.values()],
      idpOnlyWrites: this.idpOnlyWrites,
      users: this.users.list(),
      groups: this.groups,
    });
  }

  /** Atomic (tmp + rename) so a crash never leaves a half-written state file. */
  private persist(): void {
    if (!this.persistPath) return;
    const tmp = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot(), null, 2) + '\n');
    renameSync(tmp, this.persistPath);
  }
}
