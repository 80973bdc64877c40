import { CORE_USER } from './contract';
import { EmulatorContext, EmulatorRoute } from './context';
import { MANAGE_ALL_USERS, requireGrant } from './grants';
import { attributeValues, matchesFilter, parseFilter, type FilterNode } from './filter';
import { getCI, isObject } from './json';
import { EmulatorRequest, EmulatorResponse } from './http';
import { listPage, paging } from './list-response';
import { parseAttributeSelection, projectAttributes } from './projection';
import { compareIds } from './resource-table';
import { badRequest, notFound } from './scim-errors';
import { SeedUser } from './seed';
import { ScimResource, toScimUser, USER_EXTENSIONS } from './user-resource';
import { assertDeletable, finalizeUser } from './user-rules';
import { applyChanges, readScimUser, UserChanges } from './user-writes';
import { applyPatch } from './patch';

/** Compared case-insensitively in filters, like Domo's unique key. */
const MATCH_OPTIONS = { caseInsensitive: new Set(['username', 'emails.value']), schemas: [...USER_EXTENSIONS] };

export const USERS_ROUTES: readonly EmulatorRoute[] = [
  { method: 'GET', pattern: /^\/Users\/?$/, handle: (req, _p, ctx) => listUsers(req, ctx) },
  { method: 'POST', pattern: /^\/Users\/?$/, handle: (req, _p, ctx) => createUser(req, ctx) },
  { method: 'GET', pattern: /^\/Users\/([^/]+)$/, handle: (req, [id], ctx) => getUser(req, id!, ctx) },
  { method: 'PUT', pattern: /^\/Users\/([^/]+)$/, handle: (req, [id], ctx) => replaceUser(req, id!, ctx) },
  { method: 'PATCH', pattern: /^\/Users\/([^/]+)$/, handle: (req, [id], ctx) => patchUser(req, id!, ctx) },
  { method: 'DELETE', pattern: /^\/Users\/([^/]+)$/, handle: (_req, [id], ctx) => deleteUser(id!, ctx) },
];

function render(user: SeedUser, ctx: EmulatorContext, includeCustom: boolean): ScimResource {
  const meta = ctx.store.userMeta(user.id) ?? { created: '', lastModified: '' };
  const groups = ctx.store.groupsOfUser(user.id);
  const roleName = ctx.store.role(user.roleId)?.name;
  return toScimUser(user, meta, { location: `${ctx.scimUrl}/Users/${user.id}`, includeCustom, groups, roleName });
}

function existing(id: string, ctx: EmulatorContext): SeedUser {
  const user = ctx.store.getUser(id);
  if (!user) throw notFound(`User ${id} not found`);
  return user;
}

function listUsers(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  const selection = parseAttributeSelection(req.query);
  let users: readonly SeedUser[];
  if (req.query['filter'] !== undefined) {
    const filter = parseFilter(req.query['filter']);
    const byKey = userNameEquals(filter);
    users =
      byKey !== undefined
        ? [ctx.store.findUserByUserName(byKey)].filter((u): u is SeedUser => u !== undefined)
        : ctx.store.listUsers().filter((u) => matchesFilter(filter, render(u, ctx, true), MATCH_OPTIONS));
  } else {
    users = ctx.store.listUsers();
  }
  users = sortUsers(users, req.query, ctx);
  return listPage(users, req.query, paging(req, ctx), (u) => projectAttributes(render(u, ctx, selection.all), selection));
}

/** `userName eq "x"` is answered from the store's index instead of a scan of every user. */
function userNameEquals(filter: FilterNode): string | undefined {
  return filter.op === 'eq' && filter.attrPath.toLowerCase() === 'username' && typeof filter.value === 'string' ? filter.value : undefined;
}

function sortUsers(users: readonly SeedUser[], query: Record<string, string>, ctx: EmulatorContext): SeedUser[] {
  const sortBy = query['sortBy'];
  const order = (query['sortOrder'] ?? 'ascending').toLowerCase();
  if (order !== 'ascending' && order !== 'descending')
    throw badRequest(`"sortOrder" must be ascending or descending, got "${order}"`, 'invalidValue');
  const sign = order === 'descending' ? -1 : 1;
  if (!sortBy || sortBy.toLowerCase() === 'id') return [...users].sort((a, b) => sign * compareIds(a.id, b.id));
  const keyed = users.map((u) => {
    const value = attributeValues(render(u, ctx, true), sortBy, MATCH_OPTIONS).values[0];
    return { u, key: value === undefined || value === null ? undefined : String(value).toLowerCase() };
  });
  keyed.sort((a, b) => {
    if (a.key === b.key) return compareIds(a.u.id, b.u.id);
    // Users without the attribute go last in ascending order.
    if (a.key === undefined) return sign;
    if (b.key === undefined) return -sign;
    return sign * (a.key < b.key ? -1 : 1);
  });
  return keyed.map((k) => k.u);
}

function getUser(req: EmulatorRequest, id: string, ctx: EmulatorContext): EmulatorResponse {
  const selection = parseAttributeSelection(req.query);
  return { status: 200, body: projectAttributes(render(existing(id, ctx), ctx, selection.all), selection) };
}

function userBody(body: unknown): Record<string, unknown> {
  if (!isObject(body)) throw badRequest('The body must be a SCIM User object', 'invalidSyntax');
  const schemas = getCI(body, 'schemas');
  if (!Array.isArray(schemas) || !schemas.includes(CORE_USER)) throw badRequest(`"schemas" must contain "${CORE_USER}"`, 'invalidSyntax');
  return body;
}

/** Reads need no grant; every write needs Manage All Users. */
const mayWriteUsers = (ctx: EmulatorContext) => requireGrant(ctx.store, MANAGE_ALL_USERS, 'create, change or delete users');

/**
 * What a `post-keeps-only` fault lets a POST keep: userName, displayName, the role and custom
 * attributes. Everything else of the body is read and validated, then dropped.
 */
function keptByPost(changes: UserChanges): UserChanges {
  const displayName = changes.text.displayName;
  return { ...changes, text: displayName === undefined ? {} : { displayName } };
}

function createUser(req: EmulatorRequest, ctx: EmulatorContext): EmulatorResponse {
  mayWriteUsers(ctx);
  const read = readScimUser(userBody(req.body));
  const changes = req.fault?.kind === 'post-keeps-only' ? keptByPost(read) : read;
  if (changes.userName === undefined) throw badRequest('"userName" is required', 'invalidValue');
  if (changes.active === false)
    throw badRequest('A user cannot be created inactive: "active": false deletes users in Domo', 'invalidValue');
  const base: SeedUser = { id: ctx.store.nextUserId(), userName: changes.userName, roleId: 4, customAttributes: {}, ownsDatasets: false };
  const user = finalizeUser(ctx.store, undefined, applyChanges(base, changes), Object.keys(changes.custom));
  ctx.store.putUser(user);
  const body = render(user, ctx, true);
  return { status: 201, body, headers: { location: `${ctx.scimUrl}/Users/${user.id}` } };
}

function replaceUser(req: EmulatorRequest, id: string, ctx: EmulatorContext): EmulatorResponse {
  mayWriteUsers(ctx);
  const prev = existing(id, ctx);
  const changes = readScimUser(userBody(req.body));
  if (changes.active === false) return deactivate(prev, ctx);
  if (changes.userName === undefined) throw badRequest('"userName" is required', 'invalidValue');
  // A replace clears every attribute it does not carry, except the role: a user always has one.
  const base: SeedUser = { id, userName: changes.userName, roleId: prev.roleId, customAttributes: {}, ownsDatasets: prev.ownsDatasets };
  const user = finalizeUser(ctx.store, prev, applyChanges(base, changes), Object.keys(changes.custom));
  ctx.store.putUser(user);
  return { status: 200, body: render(user, ctx, true) };
}

function patchUser(req: EmulatorRequest, id: string, ctx: EmulatorContext): EmulatorResponse {
  mayWriteUsers(ctx);
  const prev = existing(id, ctx);
  const { user, active } = applyPatch(ctx.store, prev, req.body);
  if (active === false) return deactivate(prev, ctx);
  ctx.store.putUser(user);
  return { status: 200, body: render(user, ctx, true) };
}

/** Domo deletes a user whose `active` is set to false. */
function deactivate(prev: SeedUser, ctx: EmulatorContext): EmulatorResponse {
  assertDeletable(prev);
  const body = { ...render(prev, ctx, true), active: false };
  ctx.store.deleteUser(prev.id);
  return { status: 200, body };
}

function deleteUser(id: string, ctx: EmulatorContext): EmulatorResponse {
  mayWriteUsers(ctx);
  const user = existing(id, ctx);
  assertDeletable(user);
  ctx.store.deleteUser(id);
  return { status: 204 };
}
