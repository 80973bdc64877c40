import type { ScimClient } from '../domo/scim/client';
import type { ScimGroup } from '../domo/scim/schemas';
import { groupKey } from '../model/directory-groups';

/** Up to this many groups are found by a displayName filter each; beyond, one listing of every group serves the rest. */
const TARGETED_GROUPS = 5;

/**
 * Finds directory groups by displayName for the whole deploy: the first few by a filtered lookup
 * each (a one-group change costs one request), then one listing of every group without members,
 * which serves every later lookup, so 500 groups do not cost 500 lookups.
 */
export class GroupFinder {
  readonly #scim: ScimClient;
  readonly #groups = new Map<string, ScimGroup>();
  #lookups = 0;
  #listing: Promise<void> | undefined;
  #complete = false;

  constructor(scim: ScimClient) {
    this.#scim = scim;
  }

  async find(displayName: string): Promise<ScimGroup | undefined> {
    const key = groupKey(displayName);
    if (this.#groups.has(key)) return this.#groups.get(key);
    if (this.#complete) return undefined;
    if (++this.#lookups <= TARGETED_GROUPS && !this.#listing) {
      const found = await this.#scim.findGroupByDisplayName(displayName);
      if (found) this.#groups.set(key, found);
      return found;
    }
    this.#listing ??= this.#list();
    await this.#listing;
    return this.#groups.get(key);
  }

  /** A group created or renamed by this deploy. */
  remember(group: ScimGroup): void {
    this.#groups.set(groupKey(group.displayName), group);
  }

  forget(displayName: string): void {
    this.#groups.delete(groupKey(displayName));
  }

  async #list(): Promise<void> {
    for await (const page of this.#scim.listGroups({ excludeMembers: true, pageSize: 1000 })) {
      for (const g of page) if (!this.#groups.has(groupKey(g.displayName))) this.#groups.set(groupKey(g.displayName), g);
    }
    this.#complete = true;
  }
}
