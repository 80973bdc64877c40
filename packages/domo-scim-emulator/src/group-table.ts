import { compareIds, ResourceMeta, ResourceTable } from './resource-table';
import { SeedGroup } from './seed';

/** Group ids start here, well apart from user ids, so a test that confuses the two fails loudly. */
const GROUP_ID_FLOOR = 5000;

/** A group as stored: members in a Set, so adding 500 members to 20,000 is 500 lookups, not 10 million. */
interface StoredGroup {
  readonly id: string;
  displayName: string;
  domoDisplayName?: string;
  description?: string;
  readonly members: Set<string>;
}

/** A group's id and name, as a user's `groups` attribute shows it. */
export interface GroupRef {
  readonly id: string;
  readonly displayName: string;
}

/** Groups by id, indexed by name and by member so neither a name check nor a user's `groups` scans every group. */
export class GroupTable {
  private readonly rows = new ResourceTable<StoredGroup>();
  /** Lower-cased displayName -> id, Domo's unique group key. */
  private readonly idByName = new Map<string, string>();
  /** User id -> ids of the groups it belongs to: a user's `groups` and its deletion scan no group. */
  private readonly idsByUser = new Map<string, Set<string>>();

  /** `isUser` decides which member ids are valid: the members index is only as good as they are. */
  constructor(private readonly isUser: (id: string) => boolean) {}

  get(id: string): SeedGroup | undefined {
    const g = this.rows.get(id);
    return g && toSeedGroup(g);
  }

  meta(id: string): ResourceMeta | undefined {
    return this.rows.meta(id);
  }

  /** displayName is compared case-insensitively. */
  idOf(displayName: string): string | undefined {
    return this.idByName.get(displayName.toLowerCase());
  }

  list(): SeedGroup[] {
    return this.rows.list().map(toSeedGroup);
  }

  /** The groups a user belongs to, by group id. */
  groupsOf(userId: string): GroupRef[] {
    return [...(this.idsByUser.get(userId) ?? [])].sort(compareIds).map((id) => ({ id, displayName: this.rows.get(id)!.displayName }));
  }

  /** Above the largest group id in use, and above 5000. */
  nextId(): string {
    return this.rows.nextId(GROUP_ID_FLOOR);
  }

  /** Throws when a member is not a user or another group has the displayName: the indexes depend on both. */
  put(group: SeedGroup): SeedGroup {
    const unknown = group.members.filter((id) => !this.isUser(id));
    if (unknown.length > 0) throw new Error(`Group "${group.displayName}": unknown member user id(s): ${unknown.join(', ')}`);
    const clash = this.idByName.get(group.displayName.toLowerCase());
    if (clash !== undefined && clash !== group.id)
      throw new Error(`Group displayName "${group.displayName}" is already used by group ${clash}`);
    const previous = this.rows.get(group.id);
    if (previous) this.unindex(previous);
    const stored: StoredGroup = { ...group, members: new Set(group.members) };
    this.rows.put(stored);
    this.idByName.set(stored.displayName.toLowerCase(), stored.id);
    for (const userId of stored.members) {
      let ids = this.idsByUser.get(userId);
      if (!ids) this.idsByUser.set(userId, (ids = new Set()));
      ids.add(stored.id);
    }
    return toSeedGroup(stored);
  }

  delete(id: string): boolean {
    const group = this.rows.get(id);
    if (!group) return false;
    this.unindex(group);
    this.rows.delete(id);
    return true;
  }

  /** A deleted user leaves every group, as in Domo. */
  removeMember(userId: string): void {
    for (const groupId of this.idsByUser.get(userId) ?? []) {
      const group = this.rows.get(groupId)!;
      group.members.delete(userId);
      this.rows.put(group);
    }
    this.idsByUser.delete(userId);
  }

  private unindex(group: StoredGroup): void {
    this.idByName.delete(group.displayName.toLowerCase());
    for (const userId of group.members) {
      const ids = this.idsByUser.get(userId);
      ids?.delete(group.id);
      if (ids?.size === 0) this.idsByUser.delete(userId);
    }
  }
}

/** Seed format: a fresh copy, members as an array in the order they were added. */
function toSeedGroup(g: StoredGroup): SeedGroup {
  return {
    id: g.id,
    displayName: g.displayName,
    ...(g.domoDisplayName === undefined ? {} : { domoDisplayName: g.domoDisplayName }),
    ...(g.description === undefined ? {} : { description: g.description }),
    members: [...g.members],
  };
}
