import { existsSync, renameSync, writeFileSync } from 'node:fs';
import { SeedDataset } from './dataset-seed';
import { ALL_ROWS, SeedPolicy, SeedPolicyInput } from './pdp-seed';
import { DEFAULT_GRANTS } from './grants';
import { SeedApiClient } from './oauth-clients';
import { AccessTokenOptions, AccessTokens } from './oauth-tokens';
import { compareIds, ResourceMeta, ResourceTable } from './resource-table';
import { DomoRole, SYSTEM_ROLE_LIST } from './roles';
import {
  loadSeedFile,
  Seed,
  SeedAttribute,
  SeedAttributeInput,
  SeedGroup,
  SeedGroupInput,
  SeedIdpOnlyWrites,
  SeedRole,
  SeedTokenOwner,
  SeedTokenOwnerInput,
  SeedUser,
  SeedUserInput,
} from './seed';

export interface EmulatorStoreOptions {
  /** @default - an empty instance */
  readonly seed?: Seed;
  /** When set, state is loaded from this file if it exists and saved to it after every change. */
  readonly persistPath?: string;
  /** How public-API access tokens are issued. @default - one-hour tokens, real clock */
  readonly oauth?: AccessTokenOptions;
}

/** Group ids start here, well apart from user ids, so a test that confuses the two fails loudly. */
const GROUP_ID_FLOOR = 5000;

/** A group as stored: members in a Set, so adding 500 members to 20,000 is 500 lookups, not 10 million. */
interface StoredGroup {
  readonly id: string;
  displayName: string;
  domoDisplayName?: string;
  description?: string;
  readonly members: Set<string>;
}

/** A group's id and name, as a user's `groups` attribute shows it. */
export interface GroupRef {
  readonly id: string;
  readonly displayName: string;
}

/**
 * The emulated instance: attribute catalog, roles, token owner, users, groups, API clients and datasets. Mutations go through
 * methods here so every one of them is persisted; the HTTP layer enforces SCIM rules before
 * calling them, tests may call them directly to arrange state.
 */
export class EmulatorStore {
  private readonly users: ResourceTable<SeedUser>;
  /** Lower-cased userName -> id: every lookup by Domo's unique key is O(1), as at scale it must be. */
  private readonly idByUserName = new Map<string, string>();
  idpOnlyWrites: SeedIdpOnlyWrites;
  private readonly catalog: Map<string, SeedAttribute>;
  /** As the seed gave them (undefined: none given), so a snapshot round-trips the seed. */
  private readonly customRoles: SeedRole[] | undefined;
  private owner: SeedTokenOwner | undefined;
  private readonly groups = new ResourceTable<StoredGroup>();
  /** Lower-cased displayName -> id, Domo's unique group key, like `idByUserName`. */
  private readonly groupIdByName = new Map<string, string>();
  /** User id -> ids of the groups it belongs to: a user's `groups` and its deletion scan no group. */
  private readonly groupIdsByUser = new Map<string, Set<string>>();
  private readonly persistPath?: string;
  /** As the seed gave them (undefined: none given), so a snapshot round-trips the seed. */
  private readonly apiClientList: SeedApiClient[] | undefined;
  private readonly datasetList: SeedDataset[] | undefined;
  private readonly datasetById: Map<string, SeedDataset>;
  /** Dataset id -> its PDP policies by id, for the datasets with PDP enabled. */
  private readonly policiesByDataset = new Map<string, Map<number, SeedPolicy>>();
  /** Access tokens `POST /oauth/token` issued; in memory only, never persisted. */
  readonly accessTokens: AccessTokens;

  constructor(options: EmulatorStoreOptions = {}) {
    this.persistPath = options.persistPath;
    const seed =
      options.persistPath && existsSync(options.persistPath)
        ? loadSeedFile(options.persistPath)
        : structuredClone(options.seed ?? Seed.parse({}));
    this.catalog = new Map(seed.attributes.map((a) => [a.key, a]));
    this.customRoles = seed.roles;
    this.owner = seed.tokenOwner;
    this.idpOnlyWrites = seed.idpOnlyWrites;
    this.users = new ResourceTable(seed.users);
    for (const u of seed.users) this.idByUserName.set(u.userName.toLowerCase(), u.id);
    for (const g of seed.groups) this.storeGroup(SeedGroup.parse(g));
    this.apiClientList = seed.apiClients;
    this.datasetList = seed.datasets;
    this.datasetById = new Map((seed.datasets ?? []).map((d) => [d.id, d]));
    this.loadPolicies(seed.datasets ?? []);
    this.accessTokens = new AccessTokens(options.oauth);
    this.persist();
  }

  /** The catalog entry for an exact, case-sensitive key. */
  attribute(key: string): SeedAttribute | undefined {
    return this.catalog.get(key);
  }

  /** Every definition, in the order they were added (Domo lists them unsorted too). */
  listAttributes(): SeedAttribute[] {
    return structuredClone([...this.catalog.values()]);
  }

  /** Inserts or replaces a definition by key; SCIM writes see the change at once. */
  putAttribute(input: SeedAttributeInput): SeedAttribute {
    const attribute = SeedAttribute.parse(input);
    this.catalog.set(attribute.key, attribute);
    this.persist();
    return structuredClone(attribute);
  }

  /** Removes a definition and every user's values for it, so no user holds an undefined key. */
  deleteAttribute(key: string): boolean {
    if (!this.catalog.delete(key)) return false;
    for (const user of this.users.list()) {
      if (!Object.hasOwn(user.customAttributes, key)) continue;
      const next = structuredClone(user);
      delete next.customAttributes[key];
      this.users.put(next);
    }
    this.persist();
    return true;
  }

  /** The system roles, then the custom ones. */
  roles(): DomoRole[] {
    return structuredClone([...SYSTEM_ROLE_LIST, ...(this.customRoles ?? [])]);
  }

  role(id: number): DomoRole | undefined {
    const role = SYSTEM_ROLE_LIST.find((r) => r.id === id) ?? this.customRoles?.find((r) => r.id === id);
    return role && structuredClone(role);
  }

  /** undefined: the seed did not model the owner, whose grants are then DEFAULT_GRANTS. */
  tokenOwner(): SeedTokenOwner | undefined {
    return this.owner && structuredClone(this.owner);
  }

  /** undefined goes back to a token whose owner has every grant the tool needs. */
  setTokenOwner(input: SeedTokenOwnerInput | undefined): void {
    this.owner = input === undefined ? undefined : SeedTokenOwner.parse(input);
    this.persist();
  }

  grants(): readonly string[] {
    return this.owner?.grants ?? DEFAULT_GRANTS;
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
    const previous = this.users.get(user.id);
    if (previous) this.idByUserName.delete(previous.userName.toLowerCase());
    this.users.put(structuredClone(user));
    this.idByUserName.set(user.userName.toLowerCase(), user.id);
    this.persist();
    return structuredClone(user);
  }

  /** The userName of a user id, without copying the user: group members render one per member. */
  userNameOf(id: string): string | undefined {
    return this.users.get(id)?.userName;
  }

  /** Deleting a user also removes it from every group, as in Domo. */
  deleteUser(id: string): boolean {
    const user = this.users.get(id);
    const deleted = this.users.delete(id);
    if (user) this.idByUserName.delete(user.userName.toLowerCase());
    this.forgetInPolicies('users', id);
    for (const groupId of this.groupIdsByUser.get(id) ?? []) {
      const group = this.groups.get(groupId)!;
      group.members.delete(id);
      this.groups.put(group);
    }
    this.groupIdsByUser.delete(id);
    if (deleted) this.persist();
    return deleted;
  }

  getGroup(id: string): SeedGroup | undefined {
    const g = this.groups.get(id);
    return g && toSeedGroup(g);
  }

  groupMeta(id: string): ResourceMeta | undefined {
    return this.groups.meta(id);
  }

  /** displayName is the unique key of groups, compared case-insensitively. */
  findGroupByDisplayName(displayName: string): SeedGroup | undefined {
    const id = this.groupIdByName.get(displayName.toLowerCase());
    return id === undefined ? undefined : this.getGroup(id);
  }

  listGroups(): SeedGroup[] {
    return this.groups.list().map(toSeedGroup);
  }

  /** The groups a user belongs to, by group id. */
  groupsOfUser(userId: string): GroupRef[] {
    return [...(this.groupIdsByUser.get(userId) ?? [])]
      .sort(compareIds)
      .map((id) => ({ id, displayName: this.groups.get(id)!.displayName }));
  }

  /** Above the largest group id in use, and above 5000. */
  nextGroupId(): string {
    return this.groups.nextId(GROUP_ID_FLOOR);
  }

  /**
   * Inserts or replaces a group by id. Duplicate members are dropped. Throws when a member is not a
   * user or another group has the displayName: the indexes depend on both, so unlike `putUser` this
   * is not left to the HTTP layer alone.
   */
  putGroup(input: SeedGroupInput): SeedGroup {
    const group = this.storeGroup(SeedGroup.parse(input));
    this.persist();
    return toSeedGroup(group);
  }

  deleteGroup(id: string): boolean {
    const group = this.groups.get(id);
    if (!group) return false;
    this.unindexGroup(group);
    this.groups.delete(id);
    this.forgetInPolicies('groups', id);
    this.persist();
    return true;
  }

  /** A public-API client by its exact id. */
  apiClient(clientId: string): SeedApiClient | undefined {
    const client = this.apiClientList?.find((c) => c.clientId === clientId);
    return client && structuredClone(client);
  }

  /** A dataset by id, not copied (datasets can be large): callers must not change it. */
  dataset(id: string): Readonly<SeedDataset> | undefined {
    return this.datasetById.get(id);
  }

  /** Whether the dataset exists and has Personalized Data Permissions enabled. */
  pdpEnabled(datasetId: string): boolean {
    return this.policiesByDataset.has(datasetId);
  }

  /** The dataset's PDP policies by id, the All Rows policy included; [] without PDP. */
  policies(datasetId: string): SeedPolicy[] {
    return structuredClone([...(this.policiesByDataset.get(datasetId)?.values() ?? [])].sort((a, b) => a.id - b.id));
  }

  policy(datasetId: string, id: number): SeedPolicy | undefined {
    const policy = this.policiesByDataset.get(datasetId)?.get(id);
    return policy && structuredClone(policy);
  }

  /** Inserts or replaces a policy of a dataset with PDP enabled; the HTTP layer checks Domo's rules first. */
  putPolicy(datasetId: string, input: SeedPolicyInput): SeedPolicy {
    const policies = this.policiesByDataset.get(datasetId);
    if (!policies) throw new Error(`Dataset ${datasetId} does not exist or does not have PDP enabled`);
    const policy = SeedPolicy.parse(input);
    policies.set(policy.id, policy);
    this.persist();
    return structuredClone(policy);
  }

  deletePolicy(datasetId: string, id: number): boolean {
    const deleted = this.policiesByDataset.get(datasetId)?.delete(id) ?? false;
    if (deleted) this.persist();
    return deleted;
  }

  /** Above the largest policy id of any dataset: Domo's policy ids are unique across the instance. */
  nextPolicyId(): number {
    let max = 0;
    for (const policies of this.policiesByDataset.values()) for (const id of policies.keys()) max = Math.max(max, id);
    return max + 1;
  }

  /** Full state in seed format (a deep copy). */
  snapshot(): Seed {
    return structuredClone({
      attributes: [...this.catalog.values()],
      idpOnlyWrites: this.idpOnlyWrites,
      users: this.users.list(),
      groups: this.groups.list().map(toSeedGroup),
      ...(this.customRoles === undefined ? {} : { roles: this.customRoles }),
      ...(this.owner === undefined ? {} : { tokenOwner: this.owner }),
      ...(this.apiClientList === undefined ? {} : { apiClients: this.apiClientList }),
      ...(this.datasetList === undefined
        ? {}
        : { datasets: this.datasetList.map((d) => (this.pdpEnabled(d.id) ? { ...d, policies: this.policies(d.id) } : d)) }),
    });
  }

  private storeGroup(group: SeedGroup): StoredGroup {
    const unknown = group.members.filter((id) => !this.users.get(id));
    if (unknown.length > 0) throw new Error(`Group "${group.displayName}": unknown member user id(s): ${unknown.join(', ')}`);
    const clash = this.groupIdByName.get(group.displayName.toLowerCase());
    if (clash !== undefined && clash !== group.id)
      throw new Error(`Group displayName "${group.displayName}" is already used by group ${clash}`);
    const previous = this.groups.get(group.id);
    if (previous) this.unindexGroup(previous);
    const stored: StoredGroup = { ...group, members: new Set(group.members) };
    this.groups.put(stored);
    this.groupIdByName.set(stored.displayName.toLowerCase(), stored.id);
    for (const userId of stored.members) {
      let ids = this.groupIdsByUser.get(userId);
      if (!ids) this.groupIdsByUser.set(userId, (ids = new Set()));
      ids.add(stored.id);
    }
    return stored;
  }

  private unindexGroup(group: StoredGroup): void {
    this.groupIdByName.delete(group.displayName.toLowerCase());
    for (const userId of group.members) {
      const ids = this.groupIdsByUser.get(userId);
      ids?.delete(group.id);
      if (ids?.size === 0) this.groupIdsByUser.delete(userId);
    }
  }

  /** Seed policies, plus the All Rows policy of each PDP dataset whose seed has none (ids above the seed's). */
  private loadPolicies(datasets: readonly SeedDataset[]): void {
    for (const d of datasets) {
      if (d.pdpEnabled) this.policiesByDataset.set(d.id, new Map((d.policies ?? []).map((p) => [p.id, structuredClone(p)])));
    }
    for (const policies of this.policiesByDataset.values()) {
      if ([...policies.values()].some((p) => p.type === 'system')) continue;
      const allRows = SeedPolicy.parse({ id: this.nextPolicyId(), type: 'system', name: ALL_ROWS });
      policies.set(allRows.id, allRows);
    }
  }

  /** A deleted user or group leaves every policy that named it, as in Domo. */
  private forgetInPolicies(field: 'users' | 'groups', id: string): void {
    for (const policies of this.policiesByDataset.values()) {
      for (const p of policies.values()) p[field] = p[field].filter((member) => String(member) !== id);
    }
  }

  /** Atomic (tmp + rename) so a crash never leaves a half-written state file. */
  private persist(): void {
    if (!this.persistPath) return;
    const tmp = `${this.persistPath}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(this.snapshot(), null, 2) + '\n');
    renameSync(tmp, this.persistPath);
  }
}

/** Seed format: a fresh copy, members as an array in the order they were added. */
function toSeedGroup(g: StoredGroup): SeedGroup {
  return {
    id: g.id,
    displayName: g.displayName,
    ...(g.domoDisplayName === undefined ? {} : { domoDisplayName: g.domoDisplayName }),
    ...(g.description === undefined ? {} : { description: g.description }),
    members: [...g.members],
  };
}
