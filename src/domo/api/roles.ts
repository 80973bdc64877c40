import { z } from 'zod';
import { ConfigError } from '../../errors';
import { SYSTEM_ROLE_IDS } from '../../model/roles';
import { DomoApiError, ScimError, ScimTimeoutError } from '../errors';
import type { DomoTransport } from '../transport';
import { AUTHORITIES_PATH, ROLES_PATH } from './paths';
import { requiredBody } from './required';
import { AuthoritySchema, CreatedRoleSchema, GrantsUpdateSchema, RoleGrantSchema, RoleSchema, type Authority, type Role } from './schemas';

/*
 * Domo's Roles Governance API, in the forms its developer-portal page documents: list, get, create
 * (from `fromRoleId`, whose grants the new role starts with), delete, and the PATCH of a role's
 * grants with the complete list. Reading a role's grants and the list of every grant are not on
 * that page; the project's contract names them (GET `/roles/{id}/authorities`, GET `/authorities`).
 * Every write is read back: a create by its id, a grants update by the role's grants.
 */

/** What a new role is made of; `fromRoleId`'s grants are its grants until they are set. */
export interface NewRole {
  /** Unique among the instance's roles in any case, system roles included. */
  readonly name: string;
  /** @default '' */
  readonly description?: string;
  /** A system role (1 Admin .. 5 Social) or a custom role's id. */
  readonly fromRoleId: number;
}

/** A write Domo answered as done, whose read-back shows something else. */
export class RoleReadBackError extends DomoApiError {
  override name = 'RoleReadBackError';
}

const RoleList = z.array(RoleSchema);
const GrantList = z.array(RoleGrantSchema);
const AuthorityList = z.array(AuthoritySchema);
const SYSTEM_IDS: ReadonlySet<number> = new Set(Object.values(SYSTEM_ROLE_IDS));

/** The roles of an instance (`api.roles`); the transport is rooted at the instance and labelled Domo API. */
export class RolesApi {
  constructor(private readonly transport: DomoTransport) {}

  /** The system roles and the custom ones. */
  list(): Promise<Role[]> {
    return requiredBody(this.transport, 'GET', ROLES_PATH, { schema: RoleList });
  }

  /** undefined when Domo has no such role (404). */
  async get(id: number): Promise<Role | undefined> {
    try {
      return await requiredBody(this.transport, 'GET', rolePath(id), { schema: RoleSchema });
    } catch (e) {
      if (e instanceof ScimError && e.status === 404) return undefined;
      throw e;
    }
  }

  /**
   * Creates a role holding a copy of `fromRoleId`'s grants, and reads it back. A POST that fails
   * without saying whether Domo applied it (5xx, timeout, broken connection) is looked up by name
   * before the error is passed on, so a retried deploy does not create the role twice.
   */
  async create(role: NewRole): Promise<Role> {
    const body = newRoleBody(role);
    let id: number | undefined;
    try {
      const res = await this.transport.request('POST', ROLES_PATH, { body, schema: CreatedRoleSchema });
      id = res.body?.id;
    } catch (e) {
      if (!mayHaveApplied(e)) throw e;
      const found = await this.#named(body.name);
      if (found === undefined) throw e;
      id = found.id;
    }
    id ??= (await this.#named(body.name))?.id;
    const created = id === undefined ? undefined : await this.get(id);
    if (created === undefined || created.name.trim().toLowerCase() !== body.name.trim().toLowerCase()) {
      throw readBackError(
        'POST',
        ROLES_PATH,
        `Domo answered the creation of role "${body.name}", but no role of that name can be read back`,
      );
    }
    return created;
  }

  /** Deletes a custom role; Domo may refuse one that users hold (the DomoApiError carries its reason). */
  async delete(id: number): Promise<void> {
    await this.transport.request('DELETE', customRolePath(id, 'deleted'), {});
  }

  /** The grant ids the role holds, each once. */
  async authorities(id: number): Promise<string[]> {
    return [...new Set(await requiredBody(this.transport, 'GET', `${rolePath(id)}/authorities`, { schema: GrantList }))];
  }

  /**
   * Sets the role's grants to exactly `grants` (the PATCH body is the complete list, which replaces
   * the old one) and reads them back: resolves with the grants read back, which are `grants`, or
   * fails with a RoleReadBackError naming what is missing and what is left over.
   */
  async setAuthorities(id: number, grants: readonly string[]): Promise<string[]> {
    const path = `${customRolePath(id, 'changed')}/authorities`;
    const wanted = grantList(grants);
    const { status, body } = await this.transport.request('PATCH', path, { body: wanted, schema: GrantsUpdateSchema });
    if (body?.status !== undefined && body.status.toUpperCase() !== 'SUCCESS') {
      const reason = body.message ? `: ${body.message}` : '';
      throw new DomoApiError({ method: 'PATCH', path, status, message: `Domo API PATCH ${path} answered status ${body.status}${reason}` });
    }
    const held = await this.authorities(id);
    const missing = wanted.filter((g) => !held.includes(g));
    const extra = held.filter((g) => !wanted.includes(g));
    if (missing.length > 0 || extra.length > 0) {
      const parts = [
        missing.length > 0 ? `missing ${missing.join(', ')}` : '',
        extra.length > 0 ? `not asked for ${extra.join(', ')}` : '',
      ];
      const message = `Domo accepted the grants of role ${id}, but reading them back shows ${parts.filter(Boolean).join('; ')}`;
      throw readBackError('PATCH', path, message);
    }
    return held;
  }

  async #named(name: string): Promise<Role | undefined> {
    const lower = name.toLowerCase();
    return (await this.list()).find((r) => r.name.toLowerCase() === lower);
  }
}

/** Every grant of the instance (`api.authorities`), with its title and the roles that hold it. */
export class AuthoritiesApi {
  constructor(private readonly transport: DomoTransport) {}

  list(): Promise<Authority[]> {
    return requiredBody(this.transport, 'GET', AUTHORITIES_PATH, { schema: AuthorityList });
  }
}

function rolePath(id: number): string {
  if (!Number.isSafeInteger(id) || id <= 0)
    throw new ConfigError(`Role id ${JSON.stringify(id)} is invalid: role ids are positive whole numbers`);
  return `${ROLES_PATH}/${id}`;
}

/** The system roles are Domo's: neither their grants nor their existence are the API's to change. */
function customRolePath(id: number, refused: string): string {
  const path = rolePath(id);
  if (SYSTEM_IDS.has(id)) {
    throw new ConfigError(
      `Role ${id} is a system role (1 Admin .. 5 Social) and cannot be ${refused}; create a custom role from it (fromRoleId ${id}) instead`,
    );
  }
  return path;
}

/** The page's body, all three fields present. */
function newRoleBody(role: NewRole): { name: string; description: string; fromRoleId: number } {
  if (typeof role.name !== 'string' || role.name.trim() === '') throw new ConfigError(`Role name ${JSON.stringify(role.name)} is blank`);
  if (role.description !== undefined && typeof role.description !== 'string') {
    throw new ConfigError(`Role "${role.name}": description must be a string`);
  }
  rolePath(role.fromRoleId);
  return { name: role.name, description: role.description ?? '', fromRoleId: role.fromRoleId };
}

/** Each grant once, in the order given; a grant id is a non-empty string without spaces (`dataset.export`). */
function grantList(grants: readonly string[]): string[] {
  const bad = grants.filter((g) => typeof g !== 'string' || !/^\S+$/.test(g));
  if (bad.length > 0)
    throw new ConfigError(`Grant ids must be non-empty and without spaces, got ${bad.map((g) => JSON.stringify(g)).join(', ')}`);
  return [...new Set(grants)];
}

/** A failure after which Domo may still have applied the request: no status, a timeout, or a 5xx. */
function mayHaveApplied(e: unknown): boolean {
  return e instanceof ScimTimeoutError || (e instanceof ScimError && (e.status === undefined || e.status >= 500));
}

function readBackError(method: string, path: string, message: string): RoleReadBackError {
  return new RoleReadBackError({ method, path, status: 200, message });
}
