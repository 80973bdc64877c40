import { AttributeCatalog } from './attribute-catalog';
import { DEFAULT_GRANTS } from './grants';
import { SeedApiClient } from './oauth-clients';
import { DomoRole, SYSTEM_ROLE_LIST } from './roles';
import { Seed, SeedAttribute, SeedAttributeInput, SeedIdpOnlyWrites, SeedRole, SeedTokenOwner, SeedTokenOwnerInput } from './seed';
import { writeStateFile } from './state-file';

/**
 * What configures the instance rather than the identities in it: attribute catalog, roles, token owner and
 * API clients, plus persistence. EmulatorStore builds users, groups and datasets on top; each change here is
 * persisted through the whole store's `snapshot`.
 */
export abstract class InstanceSettings {
  idpOnlyWrites: SeedIdpOnlyWrites;
  protected readonly catalog: AttributeCatalog;
  /** As the seed gave them (undefined: none given), so a snapshot round-trips the seed. */
  private readonly customRoles: SeedRole[] | undefined;
  private owner: SeedTokenOwner | undefined;
  /** As the seed gave them (undefined: none given), so a snapshot round-trips the seed. */
  private readonly apiClientList: SeedApiClient[] | undefined;

  protected constructor(
    seed: Seed,
    private readonly persistPath: string | undefined,
  ) {
    this.catalog = new AttributeCatalog(seed.attributes);
    this.customRoles = seed.roles;
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

  /** A public-API client by its exact id. */
  apiClient(clientId: string): SeedApiClient | undefined {
    const client = this.apiClientList?.find((c) => c.clientId === clientId);
    return client && structuredClone(client);
  }

  /** The seed parts only the seed may leave out; not copied, `snapshot` copies the whole. */
  protected optionalSettings(): Pick<Seed, 'roles' | 'tokenOwner' | 'apiClients'> {
    return {
      ...(this.customRoles === undefined ? {} : { roles: this.customRoles }),
      ...(this.owner === undefined ? {} : { tokenOwner: this.owner }),
      ...(this.apiClientList === undefined ? {} : { apiClients: this.apiClientList }),
    };
  }

  protected persist(): void {
    if (this.persistPath) writeStateFile(this.persistPath, this.snapshot());
  }
}
