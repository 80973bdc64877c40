import { AttributeCatalog } from './attribute-catalog';
import { DEFAULT_GRANTS } from './grants';
import { SeedApiClient } from './oauth-clients';
import { RoleRecord, RoleTable } from './role-table';
import { Seed, SeedAttribute, SeedAttributeInput, SeedIdpOnlyWrites, SeedRoleInput, SeedTokenOwner, SeedTokenOwnerInput } from './seed';
import { writeStateFile } from './state-file';

/**
 * What configures the instance rather than the identities in it: attribute catalog, roles, token owner and
 * API clients, plus persistence. EmulatorStore builds users, groups and datasets on top; each change here is
 * persisted through the whole store's `snapshot`.
 */
export abstract class InstanceSettings {
  idpOnlyWrites: SeedIdpOnlyWrites;
  protected readonly catalog: AttributeCatalog;
  private readonly roleTable: RoleTable;
  private owner: SeedTokenOwner | undefined;
  /** As the seed gave them (undefined: none given), so a snapshot round-trips the seed. */
  private readonly apiClientList: SeedApiClient[] | undefined;

  protected constructor(
    seed: Seed,
    private readonly persistPath: string | undefined,
    now: () => number,
  ) {
    this.catalog = new AttributeCatalog(seed.attributes);
    this.roleTable = new RoleTable(seed.roles, now);
    this.owner = seed.tokenOwner;
    this.idpOnlyWrites = seed.idpOnlyWrites;
    this.apiClientList = seed.apiClients;
  }

  /** Full state in seed format (a deep copy). */
  abstract snapshot(): Seed;

  /** The catalog entry for an exact, case-sensitive key. */
  attribute(key: string): SeedAttribute | undefined {
    return this.catalog.get(key);
  }

  /** Every definition, in the order they were added (Domo lists them unsorted too). */
  listAttributes(): SeedAttribute[] {
    return structuredClone(this.catalog.list());
  }

  /** Inserts or replaces a definition by key; SCIM writes see the change at once. */
  putAttribute(input: SeedAttributeInput): SeedAttribute {
    const attribute = this.catalog.put(input);
    this.persist();
    return structuredClone(attribute);
  }

  /** IdP-only attributes are overwritten at every SSO sign-in, so API writes do not stick. */
  isIdpOnly(key: string): boolean {
    return this.catalog.isIdpOnly(key);
  }

  /** The system roles, then the custom ones; records are not the stored objects, but their grants are: do not change them. */
  roles(): RoleRecord[] {
    return this.roleTable.list();
  }

  role(id: number): RoleRecord | undefined {
    return this.roleTable.get(id);
  }

  /** Role names are unique in any case, system roles included. */
  findRoleByName(name: string): RoleRecord | undefined {
    return this.roleTable.findByName(name);
  }

  nextRoleId(): number {
    return this.roleTable.nextId();
  }

  /** Inserts or replaces a custom role by id; the HTTP layer checks Domo's rules (names, grants, system roles) first. */
  putRole(input: SeedRoleInput): RoleRecord {
    const role = this.roleTable.put(input);
    this.persist();
    return role;
  }

  /** Replaces a custom role's grants (each kept once); undefined when there is no such custom role. */
  setRoleGrants(id: number, grants: readonly string[]): RoleRecord | undefined {
    const role = this.roleTable.setGrants(id, grants);
    if (role) this.persist();
    return role;
  }

  /** Deletes a custom role; the HTTP layer refuses a role that users still hold. */
  deleteRole(id: number): boolean {
    const deleted = this.roleTable.delete(id);
    if (deleted) this.persist();
    return deleted;
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

  /** A public-API client by its exact id. */
  apiClient(clientId: string): SeedApiClient | undefined {
    const client = this.apiClientList?.find((c) => c.clientId === clientId);
    return client && structuredClone(client);
  }

  /** The seed parts only the seed may leave out; not copied, `snapshot` copies the whole. */
  protected optionalSettings(): Pick<Seed, 'roles' | 'tokenOwner' | 'apiClients'> {
    const roles = this.roleTable.snapshot();
    return {
      ...(roles === undefined ? {} : { roles }),
      ...(this.owner === undefined ? {} : { tokenOwner: this.owner }),
      ...(this.apiClientList === undefined ? {} : { apiClients: this.apiClientList }),
    };
  }

  protected persist(): void {
    if (this.persistPath) writeStateFile(this.persistPath, this.snapshot());
  }
}
