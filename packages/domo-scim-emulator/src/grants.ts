import { EmulatorHttpError } from './scim-errors';
import type { EmulatorStore } from './store';

/** Grants Domo's SCIM API needs of the token's owner (see the contract). */
export const MANAGE_ALL_USERS = 'Manage All Users';
export const MANAGE_ALL_ROLES = 'Manage All Roles';
export const MANAGE_ALL_GROUPS = 'Manage All Groups';

/** A seed without `tokenOwner` models a token that can do everything the tool needs. */
export const DEFAULT_GRANTS: readonly string[] = [MANAGE_ALL_USERS, MANAGE_ALL_ROLES, MANAGE_ALL_GROUPS];

/** Answers 403, as Domo does, when the token's owner lacks `grant`; `action` says what it was needed for. */
export function requireGrant(store: EmulatorStore, grant: string, action: string): void {
  if (store.grants().includes(grant)) return;
  const owner = store.tokenOwner()?.userName;
  throw new EmulatorHttpError(
    403,
    `Missing grant: ${grant} (the token's owner${owner === undefined ? '' : `, ${owner},`} needs it to ${action})`,
  );
}
