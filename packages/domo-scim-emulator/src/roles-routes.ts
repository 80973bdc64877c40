import { z } from 'zod';
import { AUTHORITY_CATALOG } from './authorities';
import { AUTHORITIES_PATH, ROLES_PATH } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { MANAGE_ALL_ROLES, requireGrant } from './grants';
import { EmulatorRequest, EmulatorResponse, parseBody } from './http';
import { grantProblems, roleNameClash } from './role-rules';
import { RoleRecord } from './role-table';
import { badRequest, EmulatorHttpError, notFound } from './scim-errors';

/*
 * Domo's Roles Governance API, in exactly the forms the developer portal's "Roles Governance API"
 * page documents: list, get, create from `fromRoleId`, delete, and the PATCH of a role's
 * authorities with the complete list. Besides them, the two reads the project's contract names
 * and the page leaves out: a role's authorities and the list of every grant. Any other method on
 * these paths is a 405, any other path a 404, a query parameter or another body a 400. Every call
 * needs Manage All Roles of the token's owner (403), as Admin > Governance > Roles does.
 */

// The paths hold no regex metacharacters, so they can be used in patterns as they are.
const LIST = new RegExp(`^${ROLES_PATH}/?$`);
const ONE = new RegExp(`^${ROLES_PATH}/([^/]+)$`);
const GRANTS = new RegExp(`^${ROLES_PATH}/([^/]+)/authorities$`);
const CATALOGUE = new RegExp(`^${AUTHORITIES_PATH}/?$`);

/** The page's create body: all three fields required, nothing else. */
const CreateRoleBody = z.strictObject({
  name: z.string().refine((s) => s.trim() !== '', 'must not be blank'),
  description: z.string(),
  fromRoleId: z.number().int().positive(),
});

/** A route of this API: the grant and the absence of query parameters are checked before `handle`. */
function governed(method: string, pattern: RegExp, handle: EmulatorRoute['handle']): EmulatorRoute {
  return {
    method,
    pattern,
    handle: (req, params, ctx) => {
      requireGrant(ctx.store, MANAGE_ALL_ROLES, 'read or manage roles and their grants');
      const names = Object.keys(req.query);
      if (names.length > 0) {
        throw badRequest(`The Roles Governance API documents no query parameters; got ${names.map((n) => `"${n}"`).join(', ')}`);
      }
      return handle(req, params, ctx);
    },
  };
}

export const ROLES_ROUTES: readonly EmulatorRoute[] = [
  governed('GET', LIST, (_req, _p, ctx) => ({ status: 200, body: listRoles(ctx) })),
  governed('POST', LIST, (req, _p, ctx) => createRole(req, ctx)),
  governed('GET', ONE, (_req, [id], ctx) => ({ status: 200, body: roleBody(roleOf(ctx, id!), userCounts(ctx)) })),
  governed('DELETE', ONE, (_req, [id], ctx) => deleteRole(id!, ctx)),
  governed('GET', GRANTS, (_req, [id], ctx) => ({ status: 200, body: roleOf(ctx, id!).grants.map((authority) => ({ authority })) })),
  governed('PATCH', GRANTS, (req, [id], ctx) => setGrants(req, id!, ctx)),
  governed('GET', CATALOGUE, (_req, _p, ctx) => ({ status: 200, body: listAuthorities(ctx) })),
];

/** A role as the page shows it: `{id, name, description, authorityCount, userCount, created, modified}`. */
function roleBody(role: RoleRecord, counts: ReadonlyMap<number, number>) {
  return {
    id: role.id,
    name: role.name,
    description: role.description,
    authorityCount: role.grants.length,
    userCount: counts.get(role.id) ?? 0,
    created: role.created,
    modified: role.modified,
  };
}

function listRoles(ctx: EmulatorContext) {
  const counts = userCounts(ctx);
  return ctx.store.roles().map((r) => roleBody(r, counts));
}

/** Role id -> how many users hold it, in one pass over the users. */
function userCounts(ctx: EmulatorContext): Map<number, number> {
  const counts = new Map<number, number>();
  for (const u of ctx.store.listUsers()) counts.set(u.roleId, (counts.get(u.roleId) ?? 0) + 1);
  return counts;
}

function roleOf(ctx: EmulatorContext, raw: string): RoleRecord {
  if (!/^\d+$/.test(raw)) throw badRequest(`Role id "${raw}" is not a number: the Roles Governance API takes numeric role ids`);
  const role = ctx.store.role(Number(raw));
  if (!role) throw notFound(`Role ${raw} not found`);
  return role;
}

/** A custom role: the system roles are Domo's, and their grants and existence are not the API's to change. */
function customRoleOf(ctx: EmulatorContext, raw: string, refused: string): RoleRecord {
  const role = roleOf(ctx, raw);
  if (role.system) {
    throw new EmulatorHttpError(
      403,
      `Role ${role.id} (${role.name}) is a system role: ${refused}; create a custom role from it (POST with "fromRoleId": ${role.id}) instead`,
    );
  }
  return role;
}

/** A new role holding a copy of `fromRoleId`'s grants; answers `{id, name, description}` as the page does. */
function createRole(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const body = parseBody(CreateRoleBody, req.body, 'role (the body is {"name", "description", "fromRoleId"}, all required)');
  const clash = roleNameClash(ctx.store, body.name);
  if (clash) throw new EmulatorHttpError(409, clash);
  const from = ctx.store.role(body.fromRoleId);
  if (!from) throw badRequest(`fromRoleId ${body.fromRoleId} is not a role of the instance: nothing was created`);
  const role = ctx.store.putRole({ id: ctx.store.nextRoleId(), name: body.name, description: body.description, grants: [...from.grants] });
  return { status: 200, body: { id: role.id, name: role.name, description: role.description } };
}

/** Domo asks where a deleted role's users go; an API call cannot say, so a role that users hold is refused. */
function deleteRole(raw: string, ctx: EmulatorContext): EmulatorResponse {
  const role = customRoleOf(ctx, raw, 'it cannot be deleted');
  const users = userCounts(ctx).get(role.id) ?? 0;
  if (users > 0) {
    const who = users === 1 ? '1 user holds it' : `${users} users hold it`;
    throw new EmulatorHttpError(409, `Role ${role.id} (${role.name}) cannot be deleted: ${who}; give them another role first`);
  }
  ctx.store.deleteRole(role.id);
  return { status: 204 };
}

/** The page's PATCH: the body is the complete list of grants the role holds afterwards, and replaces the old one. */
function setGrants(req: EmulatorRequest, raw: string, ctx: EmulatorContext): EmulatorResponse {
  const role = customRoleOf(ctx, raw, 'its grants cannot be changed');
  if (!Array.isArray(req.body)) {
    throw badRequest(
      'The body must be a JSON array of grant ids: the complete list the role holds after the update, e.g. ["dataset.export"]',
    );
  }
  const grants = parseBody(z.array(z.string().min(1)), req.body, 'grant list');
  const problems = grantProblems(grants);
  if (problems.length > 0) throw badRequest(`Role ${role.id} (${role.name}): ${problems.join('; ')}. Nothing was changed.`);
  ctx.store.setRoleGrants(role.id, grants);
  return { status: 200, body: { status: 'SUCCESS', message: '' } };
}

/** Every grant of the catalogue, with the roles that hold it. */
function listAuthorities(ctx: EmulatorContext) {
  const holders = new Map<string, number[]>();
  for (const role of ctx.store.roles()) {
    for (const g of role.grants) holders.set(g, [...(holders.get(g) ?? []), role.id]);
  }
  return AUTHORITY_CATALOG.map((a) => ({
    authority: a.authority,
    title: a.title,
    description: a.description,
    authorityUIGroup: a.authorityUIGroup,
    roleIds: holders.get(a.authority) ?? [],
  }));
}
