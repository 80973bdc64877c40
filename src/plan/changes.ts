import type { ValueChange } from './section';
import type { InstanceChange } from './plan-json';

export const byKey = <T>(entries: Iterable<[string, T]>) => [...entries].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v);

export function fieldChanges(
  before: ReadonlyMap<string, string>,
  after: ReadonlyMap<string, string>,
  skip: readonly string[],
): ValueChange[] {
  const keys = [...new Set([...before.keys(), ...after.keys()])].filter((k) => !skip.includes(k));
  const changes: ValueChange[] = [];
  for (const key of keys) {
    const b = before.get(key);
    const a = after.get(key);
    if (a !== b) changes.push({ key, ...(b !== undefined ? { before: b } : {}), ...(a !== undefined ? { after: a } : {}) });
  }
  return changes;
}

export const statusOf = (i: InstanceChange): 'created' | 'changed' | 'removed' =>
  i.before === null ? 'created' : i.after === null ? 'removed' : 'changed';
