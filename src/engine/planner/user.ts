import { customAttributesOf } from '../../domo/scim/custom-attributes';
import type { PatchOperation, ScimUser } from '../../domo/scim/schemas';
import type { UserField } from '../../model/users';
import { attributeOperations, planAttributes, type AttributeChange } from './attributes';
import { fieldOperations, planFields, type FieldChange } from './user-fields';

/** What one user should be in Domo: fields (the manager as a Domo user id) and custom attributes of `keys`. */
export interface DesiredUserState {
  readonly fields?: Readonly<Partial<Record<UserField, string>>>;
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
  const fields = planFields(live, desired.fields ?? {});
  const attributes = planAttributes(customAttributesOf(live), desired.attributes, desired.keys);
  return { fields, attributes, operations: [...fieldOperations(fields, live), ...attributeOperations(attributes)] };
}

export function inSync(plan: UserPlan): boolean {
  return plan.operations.length === 0;
}
