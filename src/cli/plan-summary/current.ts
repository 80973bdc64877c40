import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import { groupKey, userKey } from '../../model/identity';
import type { KindDefinition } from '../../kinds/kind';
import { isRepair, isTainted, reconciledWhole, type InstanceChange, type ResourceBlock, type Triggers } from '../../plan/plan-json';
import type { CurrentIndex, OldSide } from '../../plan/section';

/**
 * What Domo holds now, for instances the deploy reconciles against Domo: new to Terraform (a first
 * deploy against an existing instance, or a lost state), tainted (a failed or interrupted apply), or
 * replaced for a data change. The summary shows these values as the old side, so a user Domo has
 * reads as the change it really is, only users Domo lacks read as new, and a write that a failed
 * apply left undone is shown.
 */
export interface CurrentValues {
  /** The block with those instances given what Domo holds now as their old side (each kind says how). */
  applyTo(block: ResourceBlock, kind: KindDefinition): ResourceBlock;
}

/** Current values from Domo as one listing read it (the drift check's users and groups). */
export function currentValuesOf(live: { readonly users: readonly ScimUser[]; readonly groups: readonly ScimGroup[] }): CurrentValues {
  const users = new Map<string, ScimUser>();
  for (const u of live.users) if (!users.has(userKey(u.userName))) users.set(userKey(u.userName), u);
  const groups = new Map<string, ScimGroup>();
  for (const g of live.groups) if (!groups.has(groupKey(g.displayName))) groups.set(groupKey(g.displayName), g);
  const index: CurrentIndex = { users, userNameOfId: new Map(live.users.map((u) => [u.id, u.userName])), groups };
  return {
    applyTo(block, kind) {
      const current = kind.plan.current;
      if (!current) return block;
      return { ...block, instances: block.instances.map((i) => withDomoBefore(i, (after, old) => current(after, index, old))) };
    },
  };
}

/**
 * The instance with what Domo holds now as its old side where the deploy writes from Domo's values
 * rather than the state's: an instance new to Terraform; a tainted one, run again whole; and one
 * replaced for a data change, for the users whose triggers changed (selectChanged). So the summary
 * shows what the deploy will write, and "no data change" only where Domo already equals the code.
 * A repair keeps the state's side: the Repairs section shows what it writes, from Domo's values.
 */
function withDomoBefore(i: InstanceChange, current: (after: Triggers, old?: OldSide) => Triggers | null): InstanceChange {
  if (i.after === null) return i;
  if (i.before === null) {
    const before = current(i.after);
    return before === null ? i : { ...i, before, fromDomo: 'new' };
  }
  if (!(i.actions.includes('delete') && i.actions.includes('create')) || isRepair(i)) return i;
  const before = current(i.after, { before: i.before, whole: reconciledWhole(i) });
  return { ...i, before, fromDomo: isTainted(i) ? 'rerun' : 'changed' };
}
