import { systemRoleGrants } from './authorities';
import { SYSTEM_ROLE_LIST } from './roles';
import { SeedRole, SeedRoleInput } from './seed';

/** A role as the Roles Governance API shows it, but for its user count (the users are the store's). */
export interface RoleRecord {
  readonly id: number;
  readonly name: string;
  readonly description: string;
  /** Grant ids, each once. */
  readonly grants: readonly string[];
  /** One of the five system roles, whose grants nobody changes. */
  readonly system: boolean;
  /** Epoch ms. */
  readonly created: number;
  readonly modified: number;
}

/** Custom role ids start above this, clear of the system roles (1..5). */
const FIRST_CUSTOM_ID = 101;

/**
 * The system roles (built in, with the catalogue's grants for each) and the custom ones (from the
 * seed, the API and the admin API). Callers enforce Domo's rules (unique names, known grants, system
 * roles untouched) before writing; the table keeps ids unique.
 */
export class RoleTable {
  readonly #system: readonly RoleRecord[];
  /** As the seed gave them (undefined: none given and none created), so a snapshot round-trips the seed. */
  #custom: SeedRole[] | undefined;
  readonly #startedAt: number;
  readonly #now: () => number;

  constructor(seedRoles: readonly SeedRole[] | undefined, now: () => number) {
    this.#now = now;
    this.#startedAt = now();
    this.#custom = seedRoles === undefined ? undefined : structuredClone([...seedRoles]);
    this.#system = SYSTEM_ROLE_LIST.map((r) =>
      Object.freeze({
        id: r.id,
        name: r.name,
        description: r.description ?? '',
        grants: Object.freeze(systemRoleGrants(r.name) ?? []),
        system: true,
        created: this.#startedAt,
        modified: this.#startedAt,
      }),
    );
  }

  /** The system roles, then the custom ones in the order they were added. */
  list(): RoleRecord[] {
    return [...this.#system, ...(this.#custom ?? []).map((r) => this.#record(r))];
  }

  get(id: number): RoleRecord | undefined {
    const system = this.#system.find((r) => r.id === id);
    if (system) return system;
    const custom = this.#custom?.find((r) => r.id === id);
    return custom && this.#record(custom);
  }

  /** Role names are unique in any case, system roles included. */
  findByName(name: string): RoleRecord | undefined {
    const lower = name.toLowerCase();
    return this.list().find((r) => r.name.toLowerCase() === lower);
  }

  nextId(): number {
    return Math.max(FIRST_CUSTOM_ID - 1, ...(this.#custom ?? []).map((r) => r.id)) + 1;
  }

  /** Inserts or replaces a custom role by id, stamped as changed now (and created now when new). */
  put(input: SeedRoleInput): RoleRecord {
    const parsed = SeedRole.parse(input);
    const custom = (this.#custom ??= []);
    const at = custom.findIndex((r) => r.id === parsed.id);
    const now = this.#now();
    const role: SeedRole = {
      ...parsed,
      grants: [...new Set(parsed.grants)],
      created: parsed.created ?? custom[at]?.created ?? now,
      modified: now,
    };
    if (at < 0) custom.push(role);
    else custom[at] = role;
    return this.#record(role);
  }

  /** Replaces a custom role's grants, stamped as changed now; undefined when there is no such custom role. */
  setGrants(id: number, grants: readonly string[]): RoleRecord | undefined {
    const role = this.#custom?.find((r) => r.id === id);
    if (!role) return undefined;
    role.grants = [...new Set(grants)];
    role.created ??= this.#startedAt;
    role.modified = this.#now();
    return this.#record(role);
  }

  delete(id: number): boolean {
    const at = this.#custom?.findIndex((r) => r.id === id) ?? -1;
    if (at < 0) return false;
    this.#custom!.splice(at, 1);
    return true;
  }

  /** The custom roles in seed format; not copied (the store's snapshot copies the whole). */
  snapshot(): SeedRole[] | undefined {
    return this.#custom;
  }

  #record(r: SeedRole): RoleRecord {
    return {
      id: r.id,
      name: r.name,
      description: r.description ?? '',
      grants: r.grants,
      system: false,
      created: r.created ?? this.#startedAt,
      modified: r.modified ?? this.#startedAt,
    };
  }
}
