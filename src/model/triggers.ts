import type { DesiredUserAttributes } from './user-attributes';

/**
 * Trigger maps exist for the review diff: one entry per user and managed key, so
 * `terraform plan` prints `~ "jane@acme.com/storeNumber" = "101" -> "102"` and hides the rest.
 */
export const TRIGGER_KEY_SEPARATOR = '/';

export function triggerKey(userName: string, attributeKey: string): string {
  return `${userName}${TRIGGER_KEY_SEPARATOR}${attributeKey}`;
}

/** The userName part of a trigger key (attribute keys never contain the separator). */
export function userNameOfTriggerKey(key: string): string {
  return key.slice(0, key.lastIndexOf(TRIGGER_KEY_SEPARATOR));
}

/**
 * One value list as one reviewable string: no value is "", one value is itself, several (or one
 * that looks like a list) are a JSON array, which Terraform's plan renders as `jsonencode([...])`.
 */
export function renderValues(values: readonly string[]): string {
  if (values.length === 0) return '';
  if (values.length === 1 && !values[0]!.startsWith('[')) return values[0]!;
  return JSON.stringify(values);
}

export function userAttributeTriggers(users: readonly DesiredUserAttributes[], managedKeys: readonly string[]): Record<string, string> {
  const triggers: Record<string, string> = {};
  for (const user of users) {
    for (const key of managedKeys) triggers[triggerKey(user.userName, key)] = renderValues(user.attributes[key] ?? []);
  }
  return triggers;
}
