import type { PatchOperation } from '../../domo/scim/schemas';
import { customAttributeOperation } from '../../domo/scim/custom-attributes';

export interface AttributeChange {
  readonly key: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** Domo treats an attribute's values as a set, so order alone is not a difference. */
export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const sa = [...a].sort();
  const sb = [...b].sort();
  return sa.every((v, i) => v === sb[i]);
}

export function diffAttributes(
  live: Readonly<Record<string, readonly string[]>>,
  desired: Readonly<Record<string, readonly string[]>>,
  keys: readonly string[],
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const key of keys) {
    const from = live[key] ?? [];
    const to = desired[key] ?? [];
    if (!sameValues(from, to)) changes.push({ key, from, to });
  }
  return changes;
}

export function changeOperations(changes: readonly AttributeChange[]): PatchOperation[] {
  return changes.map((c) => customAttributeOperation(c.key, c.to));
}

export function describeValues(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
}

export function describeChanges(changes: readonly AttributeChange[]): string {
  return changes.map((c) => `${c.key} ${describeValues(c.from)} -> ${describeValues(c.to)}`).join(', ');
}
