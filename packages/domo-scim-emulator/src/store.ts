import { SeedDataset } from './dataset-seed';
import { DatasetTable } from './dataset-table';
import { GroupRef, GroupTable } from './group-table';
import { InstanceSettings } from './instance-settings';
import { AccessTokenOptions, AccessTokens } from './oauth-tokens';
import { SeedPolicy, SeedPolicyInput } from './pdp-seed';
import { ResourceMeta } from './resource-table';
import { Seed, SeedGroup, SeedGroupInput, SeedUser, SeedUserInput } from './seed';
import { initialState } from './state-file';
import { UserTable } from './user-table';

export interface EmulatorStoreOptions {
  /** @default - an empty instance */
  readonly seed?: Seed;
  /** When set, state is loaded from this file if it exists and saved to it after every change. */
  readonly persistPath?: string;
  /** How public-API access tokens are issued. @default - one-hour tokens, real clock */
  readonly oauth?: AccessTokenOptions;
  /** Clock in epoch ms: when roles were created and changed, and access-token expiry unless `oauth` has its own. @default Date.now */
  readonly now?: () => number;
}

export type { GroupRef } from './group-table';

/**
 * The emulated instance: attribute catalog, roles, token owner, users, groups, API clients and datasets (catalog, roles,
 * token owner and API clients by way of InstanceSettings). Mutations go through methods here so every one of them is persisted; the
 * HTTP layer enforces SCIM rules before calling them, tests may call them directly to arrange state.
 */
export class EmulatorStore extends InstanceSettings {
  private readonly users: UserTable;
  private readonly groups = new GroupTable((id) => this.users.get(id) !== undefined);
  private readonly datasets: DatasetTable;
  /** Access tokens `POST /oauth/token` issued; in memory only, never persisted. */
  readonly accessTokens: AccessTokens;

  constructor(options: EmulatorStoreOptions = {}) {
    const seed = initialState(options.seed, options.persistPath);
    super(seed, options.persistPath, options.now ?? Date.now);
    this.users = new UserTable(seed.users);
    for (const g of seed.groups) this.groups.put(SeedGroup.parse(g));
    this.datasets = new DatasetTable(seed.datasets);
    this.accessTokens = new AccessTokens({ now: options.now, ...options.oauth });
    this.persist();
  }

  /** Removes a definition and every user's values for it, so no user holds an undefined key. */
  deleteAttribute(key: string): boolean {
    if (!this.catalog.delete(key)) return false;
    this.users.dropAttribute(key);
    this.persist();
    return true;
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
    const id = this.users.idOf(userName);
    return id === undefined ? undefined : this.getUser(id);
  }

  /**
   * Every user, by id. The stored objects themselves, not copies: a listing of 10,000 users is
   * read page by page, and cloning all of them for every page made the service the bottleneck
   * of every benchmark. Callers only read them (rendering makes new objects).
   */
  listUsers(): readonly Readonly<SeedUser>[] {
    return this.users.list();
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
    if (!this.role(user.roleId))
      throw new Error(`Unknown role id ${user.roleId}: neither a system role (1 Admin .. 5 Social) nor a custom role of the seed`);
    user.customAttributes = Object.fromEntries(Object.entries(user.customAttributes).filter(([, v]) => v.length > 0));
    this.users.put(structuredClone(user));
    this.persist();
    return structuredClone(user);
  }

  /** The userName of a user id, without copying the user: group members render one per member. */
  userNameOf(id: string): string | undefined {
    return this.users.get(id)?.userName;
  }

  /** Deleting a user also removes it from every group, as in Domo. */
  deleteUser(id: string): boolean {
    const deleted = this.users.delete(id);
    this.datasets.forget('users', id);
    this.groups.removeMember(id);
    if (deleted) this.persist();
    return deleted;
  }

  getGroup(id: string): SeedGroup | undefined {
    return this.groups.get(id);
  }

  groupMeta(id: string): ResourceMeta | undefined {
    return this.groups.meta(id);
  }

  /** displayName is the unique key of groups, compared case-insensitively. */
  findGroupByDisplayName(displayName: string): SeedGroup | undefined {
    const id = this.groups.idOf(displayName);
    return id === undefined ? undefined : this.getGroup(id);
  }

  listGroups(): SeedGroup[] {
    return this.groups.list();
  }

  /** The groups a user belongs to, by group id. */
  groupsOfUser(userId: string): GroupRef[] {
    return this.groups.groupsOf(userId);
  }

  /** Above the largest group id in use, and above 5000. */
  nextGroupId(): string {
    return this.groups.nextId();
  }

  /**
   * Inserts or replaces a group by id. Duplicate members are dropped. Throws when a member is not a
   * user or another group has the displayName: the indexes depend on both, so unlike `putUser` this
   * is not left to the HTTP layer alone.
   */
  putGroup(input: SeedGroupInput): SeedGroup {
    const group = this.groups.put(SeedGroup.parse(input));
    this.persist();
    return group;
  }

  deleteGroup(id: string): boolean {
    if (!this.groups.delete(id)) return false;
    this.datasets.forget('groups', id);
    this.persist();
    return true;
  }

  /** A dataset by id, not copied (datasets can be large): callers must not change it. */
  dataset(id: string): Readonly<SeedDataset> | undefined {
    return this.datasets.get(id);
  }

  /** Whether the dataset exists and has Personalized Data Permissions enabled. */
  pdpEnabled(datasetId: string): boolean {
    return this.datasets.pdpEnabled(datasetId);
  }

  /** The dataset's PDP policies by id, the All Rows policy included; [] without PDP. */
  policies(datasetId: string): SeedPolicy[] {
    return this.datasets.policies(datasetId);
  }

  policy(datasetId: string, id: number): SeedPolicy | undefined {
    return this.datasets.policy(datasetId, id);
  }

  /** Inserts or replaces a policy of a dataset with PDP enabled; the HTTP layer checks Domo's rules first. */
  putPolicy(datasetId: string, input: SeedPolicyInput): SeedPolicy {
    const policy = this.datasets.putPolicy(datasetId, input);
    this.persist();
    return structuredClone(policy);
  }

  deletePolicy(datasetId: string, id: number): boolean {
    const deleted = this.datasets.deletePolicy(datasetId, id);
    if (deleted) this.persist();
    return deleted;
  }

  /** Above the largest policy id of any dataset: Domo's policy ids are unique across the instance. */
  nextPolicyId(): number {
    return this.datasets.nextPolicyId();
  }

  /** Full state in seed format (a deep copy). */
  snapshot(): Seed {
    const datasets = this.datasets.snapshot();
    return structuredClone({
      attributes: this.catalog.list(),
      idpOnlyWrites: this.idpOnlyWrites,
      users: this.users.list(),
      groups: this.groups.list(),
      ...this.optionalSettings(),
      ...(datasets === undefined ? {} : { datasets }),
    });
  }
}
