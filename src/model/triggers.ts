import { createHash } from 'node:crypto';
import { isUserName } from './identity';

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
 * The field of every key of a user trigger map (`<userName>/<field>`, the userName an email
 * address), or undefined when the map is empty or some key is not such a key.
 */
export function fieldsOfUserKeys(keys: Iterable<string>): string[] | undefined {
  const fields: string[] = [];
  for (const key of keys) {
    const at = key.lastIndexOf(TRIGGER_KEY_SEPARATOR);
    if (at <= 0 || !isUserName(key.slice(0, at))) return undefined;
    fields.push(key.slice(at + 1));
  }
  return fields.length > 0 ? fields : undefined;
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

/** The values a trigger string renders (the inverse of renderValues). */
export function valuesOfRendered(rendered: string): string[] {
  if (rendered === '') return [];
  if (rendered.startsWith('[')) {
    try {
      const parsed = JSON.parse(rendered) as unknown;
      if (Array.isArray(parsed) && parsed.every((v) => typeof v === 'string')) return parsed;
    } catch {
      // Not a list after all: one value.
    }
  }
  return [rendered];
}

/**
 * A short digest of each user's entries in a shard's trigger map: sha256 over
 * sha256("<key>=<value>") of the user's trigger keys in byte order, joined by ",", first 12 hex
 * digits. The destroy handler receives it from the old instance (see userDigestsOfTriggers), the
 * engine computes it from the new manifest, and the users whose digest differs are the ones a
 * replacement changed: only they are written and read back.
 */
export function userDigests(triggers: Readonly<Record<string, string>>): Map<string, string> {
  const byUser = new Map<string, string[]>();
  const keys = Object.keys(triggers).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  for (const key of keys) {
    const user = userNameOfTriggerKey(key);
    const hashes = byUser.get(user) ?? [];
    hashes.push(sha256(`${key}=${triggers[key]}`));
    byUser.set(user, hashes);
  }
  return new Map([...byUser].map(([user, hashes]) => [user, sha256(hashes.join(',')).slice(0, 12)]));
}

/** The Terraform expression computing {@link userDigests} of a trigger map, as JSON: small enough for argv. */
export function userDigestsOfTriggers(triggers: string): string {
  const perKey = `{for k, v in ${triggers} : replace(k, "//[^/]*$/", "") => sha256(format("%s=%s", k, v))...}`;
  return `\${jsonencode({for u, hs in ${perKey} : u => substr(sha256(join(",", hs)), 0, 12)})}`;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
