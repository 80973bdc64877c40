/** When a resource was created and last changed, kept beside it so seeds stay timestamp-free. */
export interface ResourceMeta {
  readonly created: string;
  readonly lastModified: string;
}

/**
 * Resources of one type keyed by Domo's numeric id. Users use one table; groups use another
 * with its own id sequence.
 */
export class ResourceTable<T extends { id: string }> {
  private readonly rows = new Map<string, { resource: T; meta: ResourceMeta }>();

  constructor(initial: readonly T[] = [], now = new Date().toISOString()) {
    for (const r of initial) this.rows.set(r.id, { resource: r, meta: { created: now, lastModified: now } });
  }

  get(id: string): T | undefined {
    return this.rows.get(id)?.resource;
  }

  meta(id: string): ResourceMeta | undefined {
    return this.rows.get(id)?.meta;
  }

  /** All resources ordered by numeric id, Domo's default order. */
  list(): T[] {
    return [...this.rows.values()].map((r) => r.resource).sort((a, b) => compareIds(a.id, b.id));
  }

  get size(): number {
    return this.rows.size;
  }

  /** Inserts or replaces; `created` survives replacement. */
  put(resource: T): void {
    const now = new Date().toISOString();
    const created = this.rows.get(resource.id)?.meta.created ?? now;
    this.rows.set(resource.id, { resource, meta: { created, lastModified: now } });
  }

  delete(id: string): boolean {
    return this.rows.delete(id);
  }

  /** The next number above the largest id in use. */
  nextId(floor = 0): string {
    let max = BigInt(floor);
    for (const id of this.rows.keys()) if (BigInt(id) > max) max = BigInt(id);
    return String(max + 1n);
  }
}

/** Numeric order for numeric ids, text order otherwise. */
export function compareIds(a: string, b: string): number {
  if (/^\d+$/.test(a) && /^\d+$/.test(b)) {
    return a.length !== b.length ? a.length - b.length : a < b ? -1 : a > b ? 1 : 0;
  }
  return a < b ? -1 : a > b ? 1 : 0;
}
