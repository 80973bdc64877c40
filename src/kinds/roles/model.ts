import { z } from 'zod';
import { SYSTEM_ROLE_IDS } from '../../model/roles';

/**
 * Custom roles as desired: each found by name (ignoring case, as Domo keeps role names unique in
 * any case), holding exactly its grants. The system roles are Domo's and never managed.
 */

/** One custom role, normalized by the construct: grants distinct and sorted. */
export const DesiredRole = z.object({
  name: z.string(),
  /** Set when the role is created; Domo's documented API has no update of it. @default - empty */
  description: z.string().optional(),
  /** Grant ids (`dataset.export`): the complete set the role holds. */
  grants: z.array(z.string()),
  /** The role a missing role is created from (its grants are then replaced). */
  fromRoleId: z.number().int().positive(),
});
export type DesiredRole = z.infer<typeof DesiredRole>;

/** A role's identity: its name, trimmed and lower-cased. */
export function roleKey(name: string): string {
  return name.trim().toLowerCase();
}

/** The system role of this name in any case, if it is one. */
export function systemRoleNamed(name: string): string | undefined {
  return Object.keys(SYSTEM_ROLE_IDS).find((s) => s.toLowerCase() === roleKey(name));
}

/** The value of every grant line: the plan reads `"Franchise Manager/dataset.export" = "granted"`. */
export const GRANTED = 'granted';

/** The grant line's key of a role: `<role name>/<grant id>`. */
export function grantKey(role: string, grant: string): string {
  return `${role}/${grant}`;
}

/**
 * One key per grant, so the plan shows `+ "Franchise Manager/dataset.export" = "granted"` for a
 * grant added and `-` for one removed; the name and description as fields.
 */
export function roleTriggers(role: DesiredRole): Record<string, string> {
  const triggers: Record<string, string> = { name: role.name };
  if (role.description !== undefined) triggers.description = role.description;
  for (const grant of role.grants) triggers[grantKey(role.name, grant)] = GRANTED;
  return triggers;
}

/** A role as a trigger map shows it (the plan's before or after side). */
export interface RoleOfTriggers {
  readonly name: string;
  readonly description?: string;
  readonly grants: readonly string[];
}

/** The role a trigger map describes; undefined when the map is not a role's. */
export function roleOfTriggers(triggers: ReadonlyMap<string, string>): RoleOfTriggers | undefined {
  const name = triggers.get('name');
  if (name === undefined) return undefined;
  const prefix = `${name}/`;
  const grants = [...triggers]
    .filter(([k, v]) => k.startsWith(prefix) && v === GRANTED)
    .map(([k]) => k.slice(prefix.length))
    .sort();
  const description = triggers.get('description');
  return { name, ...(description !== undefined ? { description } : {}), grants };
}

/** Whether a trigger map's keys are a role's: `name`, maybe `description`, and `<name>/<grant>` keys. */
export function isRoleTriggerMap(keys: ReadonlySet<string>): boolean {
  if (!keys.has('name')) return false;
  const rest = [...keys].filter((k) => k !== 'name' && k !== 'description');
  // A role without grants has its name only: any map of a name, with `/` keys alone besides, is a role's.
  return rest.every((k) => k.includes('/') && !k.startsWith('/') && !k.endsWith('/'));
}
