import type { ScimClient } from '../domo/scim/client';
import type { ScimGroup } from '../domo/scim/schemas';
import type { Creatable, CreatedGroup } from './kind';
import { groupKey } from '../model/identity';

/** Up to this many groups are found by a displayName filter each; beyond, one listing of every group serves the rest. */
const TARGETED_GROUPS = 5;

/** The groups the stack's constructs create, by groupKey, and the construct class that creates them. */
export interface GroupRecords {
  /** `DomoDirectoryGroups`; undefined when no kind of the stack creates groups. */
  readonly by: string | undefined;
  readonly records: ReadonlyMap<string, Creatable<CreatedGroup>>;
}

/**
 * Finds directory groups by displayName for the whole deploy: the first few by a filtered lookup
 * each (a one-group change costs one request), then one listing of every group without members,
 * which serves every later lookup, so 500 groups do not cost 500 lookups. Creations go through
 * {@link ensure}, one per group and deploy, whoever asks first (the group's own instance, or a
 * PDP policy that names it).
 */
export class GroupFinder {
  readonly #scim: ScimClient;
  readonly #records: () => GroupRecords;
  readonly #groups = new Map<string, ScimGroup>();
  readonly #creations = new Map<string, Promise<ScimGroup | undefined>>();
  #lookups = 0;
  #listing: Promise<void> | undefined;
  #complete = false;

  constructor(scim: ScimClient, records: () => GroupRecords = () => ({ by: undefined, records: new Map() })) {
    this.#scim = scim;
    this.#records = records;
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

  /** The stack's record of a group, if a construct of this stack creates it, and the construct class that does. */
  recordOf(displayName: string): { record?: Creatable<CreatedGroup>; by: string | undefined } {
    const { by, records } = this.#records();
    const record = records.get(groupKey(displayName));
    return { by, ...(record ? { record } : {}) };
  }

  /**
   * The group as Domo has it, or as `create` makes it when Domo has none: one creation per group
   * and deploy, whoever asks first. `created` is true only for the caller whose `create` ran and
   * made a new group (not one it adopted); the others get the group and treat it as existing. A
   * failed creation is not kept, so the next caller tries again.
   */
  async ensure(displayName: string, create: () => Promise<CreatedGroup>): Promise<{ group: ScimGroup; created: boolean }> {
    const key = groupKey(displayName);
    const pending = this.#creations.get(key);
    if (pending) {
      const group = await pending;
      if (group) return { group, created: false };
    }
    let made: ScimGroup | undefined;
    const attempt = (async () => {
      const found = await this.find(displayName);
      if (found) return found;
      const { value, adopted } = await create();
      if (!adopted) made = value;
      this.remember(value);
      return value;
    })();
    const entry = attempt.catch(() => undefined);
    this.#creations.set(key, entry);
    try {
      const group = await attempt;
      return { group, created: group === made };
    } catch (e) {
      if (this.#creations.get(key) === entry) this.#creations.delete(key);
      throw e;
    }
  }

  /** A group created or renamed by this deploy. */
  remember(group: ScimGroup): void {
    this.#groups.set(groupKey(group.displayName), group);
  }

  forget(displayName: string): void {
    this.#groups.delete(groupKey(displayName));
    this.#creations.delete(groupKey(displayName));
  }

  async #list(): Promise<void> {
    for await (const page of this.#scim.listGroups({ excludeMembers: true, pageSize: 1000 })) {
      for (const g of page) if (!this.#groups.has(groupKey(g.displayName))) this.#groups.set(groupKey(g.displayName), g);
    }
    this.#complete = true;
  }
}
