import type { ScimGroup, ScimUser } from '../../domo/scim/schemas';
import { groupKey, userKey } from '../../model/identity';
import type { KindDefinition } from '../../kinds/kind';
import type { ResourceBlock } from '../../plan/plan-json';
import type { CurrentIndex } from '../../plan/section';

/**
 * What Domo holds now, for instances that are new to Terraform (a first deploy against an existing
 * instance, or a lost state): the summary shows these values as the old side, so a user Domo has
 * reads as the change it really is, and only users Domo lacks read as new.
 */
export interface CurrentValues {
  /** The block with every instance the plan creates given what Domo holds now as its old side (each kind says how). */
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
      return {
        ...block,
        instances: block.instances.map((i) => {
          if (i.before !== null || i.after === null) return i;
          const before = current(i.after, index);
          return before === null ? i : { ...i, before, fromDomo: true };
        }),
      };
    },
  };
}
