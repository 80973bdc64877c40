import { z } from 'zod';
import { EmulatorContext, EmulatorRoute } from './context';
import { parseBody } from './http';
import { Fault } from './faults';
import { EmulatorHttpError, badRequest } from './scim-errors';
import { EmulatorRateLimit } from './rate-limit';
import { grantProblems } from './role-rules';
import { SeedGroup, SeedTokenOwner, SeedUser } from './seed';

/** A seed-format user whose id and userName may come from the store and the URL. */
const AdminUser = SeedUser.partial({ id: true, userName: true });

function upsertUser(userName: string, body: unknown, ctx: EmulatorContext) {
  const input = parseBody(AdminUser, body, 'user');
  if (input.userName !== undefined && input.userName.toLowerCase() !== userName.toLowerCase()) {
    throw badRequest(`The body's userName "${input.userName}" differs from the URL's "${userName}"`, 'invalidValue');
  }
  const existing = ctx.store.findUserByUserName(userName);
  if (existing && input.id !== undefined && input.id !== existing.id) {
    throw badRequest(`User "${userName}" already has id ${existing.id}; ids cannot change`, 'mutability');
  }
  if (!existing && input.id !== undefined && ctx.store.getUser(input.id)) {
    throw new EmulatorHttpError(409, `Id ${input.id} is already used by another user`, 'uniqueness');
  }
  const unknown = Object.keys(input.customAttributes).filter((k) => !ctx.store.attribute(k));
  if (unknown.length > 0) throw badRequest(`Unknown custom attribute key(s): ${unknown.join(', ')}`, 'invalidValue');
  if (!ctx.store.role(input.roleId))
    throw badRequest(
      `Unknown role id ${input.roleId}: neither a system role (1 Admin .. 5 Social) nor a custom role of the seed`,
      'invalidValue',
    );
  const user = ctx.store.putUser({
    ...input,
    id: existing?.id ?? input.id ?? ctx.store.nextUserId(),
    userName: input.userName ?? userName,
  });
  return { status: existing ? 200 : 201, body: user };
}

/**
 * A seed-format group whose id and displayName may come from the store and the URL, with members
 * given as userNames or user ids (an entry containing "@" is a userName, any other an id).
 */
const AdminGroup = SeedGroup.partial({ id: true, displayName: true }).extend({ members: z.array(z.string().min(1)).default([]) });

/** Replaces the whole group, members included, as an admin editing it in Domo would. */
function upsertGroup(displayName: string, body: unknown, ctx: EmulatorContext) {
  const input = parseBody(AdminGroup, body, 'group');
  if (input.displayName !== undefined && input.displayName.toLowerCase() !== displayName.toLowerCase()) {
    throw badRequest(`The body's displayName "${input.displayName}" differs from the URL's "${displayName}"`, 'invalidValue');
  }
  const existing = ctx.store.findGroupByDisplayName(displayName);
  if (existing && input.id !== undefined && input.id !== existing.id) {
    throw badRequest(`Group "${displayName}" already has id ${existing.id}; ids cannot change`, 'mutability');
  }
  if (!existing && input.id !== undefined && ctx.store.getGroup(input.id)) {
    throw new EmulatorHttpError(409, `Id ${input.id} is already used by another group`, 'uniqueness');
  }
  const unknown: string[] = [];
  const members = input.members.map((m) => {
    const id = m.includes('@') ? ctx.store.findUserByUserName(m)?.id : ctx.store.userNameOf(m) === undefined ? undefined : m;
    if (id === undefined) unknown.push(m);
    return id ?? m;
  });
  if (unknown.length > 0) throw badRequest(`Unknown member(s), neither a userName nor a user id: ${unknown.join(', ')}`, 'invalidValue');
  const group = ctx.store.putGroup({
    ...input,
    id: existing?.id ?? input.id ?? ctx.store.nextGroupId(),
    displayName: input.displayName ?? displayName,
    members: [...new Set(members)],
  });
  return { status: existing ? 200 : 201, body: group };
}

/** A hand edit of a custom role: fields left out keep their values (an existing role's, or the defaults). */
const AdminRole = z.strictObject({
  id: z.number().int().positive().optional(),
  name: z.string().optional(),
  description: z.string().optional(),
  grants: z.array(z.string().min(1)).optional(),
});

/** Creates or changes a custom role as an admin would in Admin > Governance > Roles: Domo's rules apply, the API's forms do not. */
function upsertRole(name: string, body: unknown, ctx: EmulatorContext) {
  const input = parseBody(AdminRole, body ?? {}, 'role');
  if (name.trim() === '') throw badRequest('A role name must not be blank', 'invalidValue');
  if (input.name !== undefined && input.name.toLowerCase() !== name.toLowerCase()) {
    throw badRequest(`The body's name "${input.name}" differs from the URL's "${name}"`, 'invalidValue');
  }
  const existing = ctx.store.findRoleByName(name);
  if (existing?.system) throw new EmulatorHttpError(403, `Role ${existing.id} (${existing.name}) is a system role: it cannot be changed`);
  if (existing && input.id !== undefined && input.id !== existing.id) {
    throw badRequest(`Role "${name}" already has id ${existing.id}; ids cannot change`, 'mutability');
  }
  if (!existing && input.id !== undefined && ctx.store.role(input.id)) {
    throw new EmulatorHttpError(409, `Id ${input.id} is already used by another role`, 'uniqueness');
  }
  const problems = grantProblems(input.grants ?? []);
  if (problems.length > 0) throw badRequest(`Role "${name}": ${problems.join('; ')}`, 'invalidValue');
  const role = ctx.store.putRole({
    id: existing?.id ?? input.id ?? ctx.store.nextRoleId(),
    name: input.name ?? existing?.name ?? name,
    description: input.description ?? existing?.description,
    grants: input.grants ?? [...(existing?.grants ?? [])],
    created: existing?.created,
  });
  return { status: existing ? 200 : 201, body: role };
}

/** Test-control API for other processes; paths are relative to ADMIN_ROOT_PATH. */
export const ADMIN_ROUTES: readonly EmulatorRoute[] = [
  { method: 'GET', pattern: /^\/state$/, handle: (_r, _p, ctx) => ({ status: 200, body: ctx.store.snapshot() }) },
  { method: 'GET', pattern: /^\/requests$/, handle: (_r, _p, ctx) => ({ status: 200, body: ctx.requests }) },
  {
    method: 'DELETE',
    pattern: /^\/requests$/,
    handle: (_r, _p, ctx) => {
      ctx.requests.length = 0;
      return { status: 204 };
    },
  },
  {
    method: 'POST',
    pattern: /^\/faults$/,
    handle: (req, _p, ctx) => {
      ctx.faults.add(parseBody(Fault, req.body, 'fault'));
      return { status: 204 };
    },
  },
  {
    method: 'DELETE',
    pattern: /^\/faults$/,
    handle: (_r, _p, ctx) => {
      ctx.faults.clear();
      return { status: 204 };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/rate-limit$/,
    handle: (req, _p, ctx) => {
      ctx.rateLimiter.set(parseBody(EmulatorRateLimit.nullable(), req.body ?? null, 'rate limit') ?? undefined);
      return { status: 204 };
    },
  },
  {
    method: 'PUT',
    pattern: /^\/token-owner$/,
    handle: (req, _p, ctx) => {
      // null goes back to an owner with every grant the tool needs.
      ctx.store.setTokenOwner(parseBody(SeedTokenOwner.nullable(), req.body ?? null, 'token owner') ?? undefined);
      return { status: 204 };
    },
  },
  { method: 'PUT', pattern: /^\/users\/([^/]+)$/, handle: (req, [userName], ctx) => upsertUser(userName!, req.body, ctx) },
  { method: 'PUT', pattern: /^\/groups\/([^/]+)$/, handle: (req, [displayName], ctx) => upsertGroup(displayName!, req.body, ctx) },
  { method: 'PUT', pattern: /^\/roles\/([^/]+)$/, handle: (req, [name], ctx) => upsertRole(name!, req.body, ctx) },
];
