import type { AttributeDefinition, Role } from '../../domo/api/schemas';
import type { DomoApiClient } from '../../domo/api/client';
import { probe, reasonOf, statusOf, type Outcome } from './outcome';
import type { DoctorCheck } from './report';

const ATTRIBUTES_PAGE = 'Admin > Governance > Attributes';

/** IdP-only values are overwritten at every SSO sign-in; unknown sources are not IdP-only. */
function isIdpOnly(def: AttributeDefinition): boolean {
  const sources = def.valueSources ?? [];
  return sources.length > 0 && sources.every((s) => s === 'idp');
}

/** Whether a managed key is defined in Domo, exactly, with a value source that lets the API write it. */
export function keyCheck(key: string, definitions: Outcome<AttributeDefinition[]>): DoctorCheck {
  const id = `key:${key}`;
  if (!definitions.ok)
    return { id, status: 'fail', message: `cannot list attribute definitions to check key ${key}: ${reasonOf(definitions)}` };
  const def = definitions.value.find((d) => d.key === key);
  if (!def) {
    const near = definitions.value.find((d) => d.key.toLowerCase() === key.toLowerCase());
    const hint = near ? `; "${near.key}" differs only in case, and keys are case-sensitive` : '';
    return { id, status: 'fail', message: `key ${key} is not defined in Domo (${ATTRIBUTES_PAGE})${hint}` };
  }
  const sources = def.valueSources;
  if (sources === undefined) {
    return {
      id,
      status: 'pass',
      message: `key ${key} is defined in Domo (its value source is not reported: check in ${ATTRIBUTES_PAGE} that it is not IdP-only)`,
    };
  }
  if (isIdpOnly(def)) {
    return {
      id,
      status: 'fail',
      message: `key ${key} is IdP-only: Domo overwrites it at every sign-in; add the Managed value source in ${ATTRIBUTES_PAGE}`,
    };
  }
  return {
    id,
    status: 'pass',
    message: `key ${key} is defined in Domo and writable through the API (value sources: ${sources.join(', ')})`,
  };
}

/** Keys an API write can prove the grant with: writable ones first, then IdP-only ones (rewriting their value is as harmless). */
export function writableFirst(keys: readonly string[], definitions: Outcome<AttributeDefinition[]>): string[] {
  // Without definitions nothing says which keys exist: try them all.
  if (!definitions.ok) return [...keys];
  const byKey = new Map(definitions.value.map((d) => [d.key, d]));
  const defined = keys.filter((k) => byKey.has(k));
  return [...defined.filter((k) => !isIdpOnly(byKey.get(k)!)), ...defined.filter((k) => isIdpOnly(byKey.get(k)!))];
}

/**
 * Whether the token can read and manage roles and their grants: one read of the grant list. Every
 * call of the Roles Governance API needs the grant Manage All Roles, so a read that works proves it.
 */
export async function checkRolesGrant(domo: DomoApiClient): Promise<DoctorCheck> {
  const id = 'grant:roles';
  const outcome = await probe(() => domo.authorities.list());
  if (outcome.ok) return { id, status: 'pass', message: 'reading roles and their grants works (the grant Manage All Roles)' };
  if (statusOf(outcome) === 403) {
    return {
      id,
      status: 'fail',
      message:
        "reading roles and their grants was refused (403): the token's owner needs the grant Manage All Roles to read and manage custom roles (Admin > Governance > Roles)",
    };
  }
  return { id, status: 'fail', message: `reading roles and their grants failed: ${reasonOf(outcome)}` };
}

/** Whether a role, given by name (any case) or id, exists. */
export function roleCheck(wanted: string, roles: Outcome<Role[]>): DoctorCheck {
  const id = `role:${wanted}`;
  if (!roles.ok) return { id, status: 'fail', message: `cannot list roles to check role ${wanted}: ${reasonOf(roles)}` };
  const byId = /^\d+$/.test(wanted) ? roles.value.find((r) => r.id === Number(wanted)) : undefined;
  const role = byId ?? roles.value.find((r) => r.name === wanted) ?? roles.value.find((r) => r.name.toLowerCase() === wanted.toLowerCase());
  if (role) return { id, status: 'pass', message: `role ${role.name} exists (id ${role.id})` };
  const known = roles.value.map((r) => `${r.name} (${r.id})`).join(', ');
  return { id, status: 'fail', message: `role ${wanted} does not exist in Domo: create it in Admin > Roles, or use one of ${known}` };
}
