import { isAuthority } from './authorities';
import type { EmulatorStore } from './store';

/*
 * Domo's rules for custom roles, shared by the Roles Governance API and the admin API's hand
 * edits, so a role made by hand obeys what one made through the API does.
 */

/** Why `name` cannot be another role's name (names are unique in any case, system roles included), or undefined. */
export function roleNameClash(store: EmulatorStore, name: string, exceptId?: number): string | undefined {
  const clash = store.findRoleByName(name);
  if (!clash || clash.id === exceptId) return undefined;
  return `A role named "${clash.name}" already exists (role ${clash.id}); role names are unique, compared case-insensitively`;
}

/** Grant ids the catalogue does not know, each named once. */
export function grantProblems(grants: readonly string[]): string[] {
  const unknown = [...new Set(grants.filter((g) => !isAuthority(g)))];
  return unknown.length === 0
    ? []
    : [`unknown grant(s) ${unknown.map((g) => `"${g}"`).join(', ')} (GET /api/authorization/v1/authorities lists them)`];
}
