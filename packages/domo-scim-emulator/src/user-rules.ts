import { badRequest, EmulatorHttpError } from './scim-errors';
import { SeedUser } from './seed';
import { EmulatorStore } from './store';

/**
 * Applies Domo's rules to a user about to be stored: the role must exist, custom keys must be in the catalog, IdP-only
 * values do not change through the API (ignored or rejected per `idpOnlyWrites`), userName is unique.
 * `named` are the custom keys the request wrote. Returns the user to store.
 */
export function finalizeUser(store: EmulatorStore, prev: SeedUser | undefined, next: SeedUser, named: Iterable<string>): SeedUser {
  if (!store.role(next.roleId)) {
    throw badRequest(
      `Unknown role id "${next.roleId}": use a Domo role id such as "4" (Participant) or a custom role's id (GET /api/authorization/v1/roles)`,
      'invalidValue',
    );
  }
  const namedKeys = new Set(named);
  for (const key of namedKeys) {
    if (!store.attribute(key)) {
      throw badRequest(
        `Unknown custom attribute key "${key}": define it in Admin > Governance > Attributes first; keys match exactly (case-sensitive).`,
        'invalidValue',
      );
    }
  }
  const result = structuredClone(next);
  const keys = new Set([...Object.keys(prev?.customAttributes ?? {}), ...Object.keys(next.customAttributes)]);
  for (const key of keys) {
    if (!store.isIdpOnly(key)) continue;
    const before = prev?.customAttributes[key] ?? [];
    const after = next.customAttributes[key] ?? [];
    if (sameValues(before, after)) continue;
    if (namedKeys.has(key) && store.idpOnlyWrites === 'reject') {
      throw badRequest(
        `Custom attribute "${key}" is written by the identity provider only and cannot be changed through the API.`,
        'mutability',
      );
    }
    // The IdP owns the value: an API write (or a replace that omits it) leaves it as it was.
    if (before.length > 0) result.customAttributes[key] = [...before];
    else delete result.customAttributes[key];
  }
  const clash = store.findUserByUserName(result.userName);
  if (clash && clash.id !== result.id) {
    throw new EmulatorHttpError(409, `userName "${result.userName}" is already used by user ${clash.id}`, 'uniqueness');
  }
  return result;
}

function sameValues(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** Domo refuses to delete (or deactivate, which deletes) a user who still owns content. */
export function assertDeletable(user: SeedUser): void {
  if (user.ownsDatasets) {
    throw badRequest(
      `User ${user.id} (${user.userName}) owns DataSets or DataFlows; reassign their ownership to another user before deleting or deactivating this user.`,
    );
  }
}
