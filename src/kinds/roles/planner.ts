import type { Role } from '../../domo/api/schemas';
import { roleKey, type DesiredRole } from './model';

/** A role as Domo has it: the role, and the grants it holds. */
export interface LiveRole {
  readonly role: Pick<Role, 'id' | 'name' | 'description'>;
  readonly grants: readonly string[];
}

export interface RolePlan {
  /** `create`: Domo has no role of that name; `update`: its grants differ; `none`: in sync. */
  readonly action: 'create' | 'update' | 'none';
  /** Grant ids to add and to remove, sorted. */
  readonly add: readonly string[];
  readonly remove: readonly string[];
  /** Set when Domo's description differs from the code's (the documented API cannot change it: reported, not written). */
  readonly description?: { readonly from: string; readonly to: string };
}

const sorted = (list: Iterable<string>) => [...list].sort();

/** The custom role of this name (ignoring case) among Domo's roles. */
export function findRole<R extends Pick<Role, 'name'>>(roles: readonly R[], name: string): R | undefined {
  return roles.find((r) => roleKey(r.name) === roleKey(name));
}

/**
 * The one planner of a custom role: what differs between the role Domo has (undefined: none of
 * that name) and the desired one. Grants are authoritative: a grant added by hand is removed. The
 * engine writes the complete list; drift reports the differences; the two therefore agree.
 */
export function planRole(live: LiveRole | undefined, desired: DesiredRole): RolePlan {
  if (!live) return { action: 'create', add: sorted(desired.grants), remove: [] };
  const held = new Set(live.grants);
  const wanted = new Set(desired.grants);
  const add = sorted(desired.grants.filter((g) => !held.has(g)));
  const remove = sorted([...held].filter((g) => !wanted.has(g)));
  const from = live.role.description ?? '';
  const description = desired.description !== undefined && desired.description !== from ? { from, to: desired.description } : undefined;
  return { action: add.length + remove.length > 0 ? 'update' : 'none', add, remove, ...(description ? { description } : {}) };
}

/** `+dataset.export -card.edit`: a grant change as one line of a deploy's report. */
export function describeGrants(plan: Pick<RolePlan, 'add' | 'remove'>): string {
  return [...plan.add.map((g) => `+${g}`), ...plan.remove.map((g) => `-${g}`)].join(' ');
}
