import type { PatchOperation } from '../../domo/scim/schemas';
import { customAttributeOperation } from '../../domo/scim/custom-attributes';

/** One custom attribute key whose values differ: what Domo has (`from`) and what is desired (`to`). */
export interface AttributeChange {
  readonly key: string;
  readonly from: readonly string[];
  readonly to: readonly string[];
}

/** Domo keeps a custom attribute's values as a set: order and repeats are not differences. */
export function sameValues(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((v) => sb.has(v));
}

/** The values as a set, in a stable order, for writing and showing. */
export function distinctSorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/**
 * The managed keys whose live values differ from the desired ones. Pure: the handlers write
 * exactly these, and drift reports exactly these, so the two always agree.
 */
export function planAttributes(
  live: Readonly<Record<string, readonly string[]>>,
  desired: Readonly<Record<string, readonly string[]>>,
  keys: readonly string[],
): AttributeChange[] {
  const changes: AttributeChange[] = [];
  for (const key of keys) {
    const from = live[key] ?? [];
    const to = desired[key] ?? [];
    if (!sameValues(from, to)) changes.push({ key, from: distinctSorted(from), to: distinctSorted(to) });
  }
  return changes;
}

/** One value-path operation per changed key (the form Domo documents for custom attributes). */
export function attributeOperations(changes: readonly AttributeChange[]): PatchOperation[] {
  return changes.map((c) => customAttributeOperation(c.key, c.to));
}

export function describeValues(values: readonly string[]): string {
  return values.length === 0 ? '(none)' : values.length === 1 ? JSON.stringify(values[0]) : JSON.stringify(values);
}

export function describeChanges(changes: readonly AttributeChange[]): string {
  return changes.map((c) => `${c.key} ${describeValues(c.from)} -> ${describeValues(c.to)}`).join(', ');
}
