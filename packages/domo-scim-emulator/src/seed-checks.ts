import type { z } from 'zod';
import type { SeedDataset } from './dataset-seed';
import { isAuthority } from './authorities';
import { checkSeedPolicies } from './pdp-seed';
import { SYSTEM_ROLES } from './roles';
import type { SeedAttribute, SeedGroup, SeedRole, SeedUser } from './seed';

/** The parts of a parsed seed that refer to each other; not `Seed`, whose type is inferred from the schema these checks refine. */
interface SeedParts {
  readonly attributes: readonly SeedAttribute[];
  readonly users: readonly SeedUser[];
  readonly groups: readonly SeedGroup[];
  readonly roles?: readonly SeedRole[];
  readonly datasets?: readonly SeedDataset[];
}

/** Checks what no single field can: unique keys, ids and names, and references between the parts. */
export function checkSeed(seed: SeedParts, ctx: z.RefinementCtx): void {
  const keys = new Set<string>();
  seed.attributes.forEach((a, i) => {
    flagRepeat(keys, a.key, ctx, ['attributes', i, 'key'], `duplicate key "${a.key}"`);
  });
  checkRoles(seed.roles ?? [], ctx);
  const ids = new Set<string>();
  const userNames = new Set<string>();
  seed.users.forEach((u, i) => {
    flagRepeat(ids, u.id, ctx, ['users', i, 'id'], `duplicate id "${u.id}"`);
    const name = u.userName.toLowerCase();
    flagRepeat(userNames, name, ctx, ['users', i, 'userName'], `duplicate userName "${u.userName}" (compared case-insensitively)`);
    for (const key of Object.keys(u.customAttributes)) {
      if (!keys.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['users', i, 'customAttributes', key], message: `key "${key}" is not in "attributes"` });
      }
    }
  });
  checkGroups(seed.groups, ids, ctx);
  checkSeedPolicies(seed.datasets ?? [], ids, new Set(seed.groups.map((g) => g.id)), ctx);
}

/** Checks custom roles for duplicate ids and names, and their grants against the catalogue. */
function checkRoles(roles: readonly SeedRole[], ctx: z.RefinementCtx): void {
  const ids = new Set<number>(SYSTEM_ROLES.keys());
  const names = new Set<string>([...SYSTEM_ROLES.values()].map((n) => n.toLowerCase()));
  roles.forEach((r, i) => {
    if (ids.has(r.id) && !SYSTEM_ROLES.has(r.id))
      ctx.addIssue({ code: 'custom', path: ['roles', i, 'id'], message: `duplicate id ${r.id}` });
    ids.add(r.id);
    const message = `duplicate role name "${r.name}" (compared case-insensitively, system roles included)`;
    flagRepeat(names, r.name.toLowerCase(), ctx, ['roles', i, 'name'], message);
    const grants = new Set<string>();
    r.grants.forEach((g, j) => {
      const path = ['roles', i, 'grants', j];
      if (!isAuthority(g))
        ctx.addIssue({ code: 'custom', path, message: `unknown grant "${g}" (GET /api/authorization/v1/authorities lists them)` });
      flagRepeat(grants, g, ctx, path, `duplicate grant "${g}"`);
    });
  });
}

/** Every user's role must be a system role or a custom one; `seed` may hold unparsed parts here. */
export function checkUserRoles(seed: { users?: unknown; roles?: unknown }, ctx: z.RefinementCtx): void {
  const custom = Array.isArray(seed.roles) ? seed.roles.map((r: { id?: unknown } | null) => r?.id) : [];
  const known = new Set<unknown>([...SYSTEM_ROLES.keys(), ...custom]);
  if (!Array.isArray(seed.users)) return;
  seed.users.forEach((u: { roleId?: unknown } | null, i) => {
    const roleId = u?.roleId;
    if (typeof roleId === 'number' && !known.has(roleId)) {
      ctx.addIssue({
        code: 'custom',
        path: ['users', i, 'roleId'],
        message: `role id ${roleId} is neither a system role (1 Admin .. 5 Social) nor in "roles"`,
      });
    }
  });
}

function checkGroups(groups: readonly SeedGroup[], userIds: ReadonlySet<string>, ctx: z.RefinementCtx): void {
  const ids = new Set<string>();
  const names = new Set<string>();
  groups.forEach((g, i) => {
    flagRepeat(ids, g.id, ctx, ['groups', i, 'id'], `duplicate id "${g.id}"`);
    const name = g.displayName.toLowerCase();
    flagRepeat(names, name, ctx, ['groups', i, 'displayName'], `duplicate displayName "${g.displayName}" (compared case-insensitively)`);
    const members = new Set<string>();
    g.members.forEach((m, j) => {
      if (!userIds.has(m)) ctx.addIssue({ code: 'custom', path: ['groups', i, 'members', j], message: `user id "${m}" is not in "users"` });
      flagRepeat(members, m, ctx, ['groups', i, 'members', j], `duplicate member "${m}"`);
    });
  });
}

/** Flags `value` when `seen` already holds it, then adds it, so the later of two duplicates is the one reported. */
function flagRepeat<T>(seen: Set<T>, value: T, ctx: z.RefinementCtx, path: (string | number)[], message: string): void {
  if (seen.has(value)) ctx.addIssue({ code: 'custom', path, message });
  seen.add(value);
}
