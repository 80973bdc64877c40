import { customAttributesOf } from '../../domo/scim/custom-attributes';
import type { PatchOperation, ScimUser } from '../../domo/scim/schemas';
import { attributeOperations, planAttributes, type AttributeChange } from './attributes';

/** One standard field whose live value differs: what Domo has (`from`) and what is desired (`to`). */
export interface FieldChange {
  readonly field: string;
  readonly from: string;
  readonly to: string;
}

/** The standard fields a kind manages on a user (beyond custom attributes), planned by that kind. */
export interface UserFields {
  /** The fields that differ, and the PatchOp operations (Domo's documented forms) that make them desired. */
  plan(live: ScimUser): { readonly changes: readonly FieldChange[]; readonly operations: readonly PatchOperation[] };
}

/** What one user should be in Domo: standard fields and the custom attributes of `keys`. */
export interface DesiredUserState {
  readonly fields?: UserFields;
  readonly attributes: Readonly<Record<string, readonly string[]>>;
  /** The custom attribute keys managed for this user: a key listed here and absent from `attributes` is cleared. */
  readonly keys: readonly string[];
}

export interface UserPlan {
  readonly fields: readonly FieldChange[];
  readonly attributes: readonly AttributeChange[];
  /** One PatchOp's operations that make the user desired, in Domo's documented forms; empty when in sync. */
  readonly operations: readonly PatchOperation[];
}

/**
 * The one planner of a user, desired vs live. Handlers send its operations; drift reports its
 * changes; both therefore agree on what differs.
 */
export function planUser(live: ScimUser, desired: DesiredUserState): UserPlan {
  const fields = desired.fields?.plan(live) ?? { changes: [], operations: [] };
  const attributes = planAttributes(customAttributesOf(live), desired.attributes, desired.keys);
  return { fields: fields.changes, attributes, operations: [...fields.operations, ...attributeOperations(attributes)] };
}
