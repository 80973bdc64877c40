import { ConfigError } from '../../errors';
import { escapeFilterValue } from './filter';
import type { PatchOperation, ScimUser } from './schemas';
import { CUSTOM_USER } from './urns';

/**
 * A user's custom attributes as key -> values. Tolerates a missing block and a bare string where
 * a list belongs; duplicate keys are merged. Values are always strings in Domo.
 */
export function customAttributesOf(user: ScimUser): Record<string, string[]> {
  const block: unknown = user[CUSTOM_USER];
  const list = typeof block === 'object' && block !== null ? (block as { customAttributes?: unknown }).customAttributes : undefined;
  const result = new Map<string, string[]>();
  if (!Array.isArray(list)) return {};
  for (const entry of list as unknown[]) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { key, values } = entry as { key?: unknown; values?: unknown };
    if (typeof key !== 'string') continue;
    const found = (Array.isArray(values) ? values : values === undefined || values === null ? [] : [values])
      .filter((v) => v !== null && v !== undefined)
      .map(String);
    result.set(key, [...(result.get(key) ?? []), ...found]);
  }
  // fromEntries defines own properties, so a key like "__proto__" cannot touch the prototype.
  return Object.fromEntries(result);
}

/** The path selecting one custom attribute key (keys are case-sensitive in Domo). */
export function customAttributePath(key: string): string {
  return `${CUSTOM_USER}:customAttributes[key eq "${escapeFilterValue(key)}"]`;
}

/** Sets one key to exactly `values`; an empty list removes the key. */
export function customAttributeOperation(key: string, values: readonly string[]): PatchOperation {
  if (key === '') throw new ConfigError('custom attribute key must not be empty');
  const path = customAttributePath(key);
  return values.length === 0 ? { op: 'remove', path } : { op: 'replace', path, value: [...values] };
}
