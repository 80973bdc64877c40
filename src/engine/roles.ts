import type { DomoApiClient } from '../domo/api/client';
import type { Role } from '../domo/api/schemas';
import { customRoleName, describeRole } from '../model/roles';

/** A custom role named in the stack that Domo does not have: the message says what to do. */
export class MissingRoleError extends Error {
  override readonly name = 'MissingRoleError';
}

/**
 * Custom roles given by name, resolved to Domo's role ids once per deploy (one listing of the
 * roles, when the first name is needed). Ids pass through unchanged.
 */
export class RoleDirectory {
  readonly #api: DomoApiClient;
  #roles: Promise<Role[]> | undefined;
  #listed: Role[] | undefined;

  constructor(api: DomoApiClient) {
    this.#api = api;
  }

  /** The role id of a role reference (`3`, `101`, or `name:Store Manager`). */
  async idOf(ref: string): Promise<string> {
    const name = customRoleName(ref);
    if (name === undefined) return ref;
    this.#roles ??= this.#api.roles.list().then((roles) => (this.#listed = roles));
    const roles = await this.#roles;
    const role = roles.find((r) => r.name === name) ?? roles.find((r) => r.name.toLowerCase() === name.toLowerCase());
    if (role) return String(role.id);
    const known = roles.map((r) => `${r.name} (${r.id})`).join(', ');
    throw new MissingRoleError(`role "${name}" does not exist in Domo: create it in Admin > Roles, or use one of ${known}`);
  }

  /** A role id as people read it: `Store Manager (101)` once the roles were listed, else as describeRole shows it. */
  describe(id: string): string {
    const role = this.#listed?.find((r) => String(r.id) === id);
    return role ? `${role.name} (${role.id})` : describeRole(id);
  }

  /** The fields with a role given by name replaced by its id. */
  async resolve<F extends { readonly role?: string }>(fields: F): Promise<F> {
    return fields.role === undefined ? fields : { ...fields, role: await this.idOf(fields.role) };
  }
}
