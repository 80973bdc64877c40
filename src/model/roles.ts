/** Domo's roles as this package names them: the system roles by name, custom roles by id or by name. */

/** Domo's system roles; custom roles are given by their numeric id or their name. */
export const SYSTEM_ROLE_IDS = { Admin: 1, Privileged: 2, Editor: 3, Participant: 4, Social: 5 } as const;
export type SystemRoleName = keyof typeof SYSTEM_ROLE_IDS;

/**
 * How a custom role given by name travels to the engine (`name:Store Manager`): names are not ids
 * until the engine looks them up in Domo, at deploy.
 */
export const CUSTOM_ROLE_PREFIX = 'name:';

/** The custom role's name when a role reference is a name, else undefined (an id). */
export function customRoleName(ref: string): string | undefined {
  return ref.startsWith(CUSTOM_ROLE_PREFIX) ? ref.slice(CUSTOM_ROLE_PREFIX.length) : undefined;
}

/** The role as people read it in a plan: `Participant (4)`, `role 101`, or `Store Manager (custom role)`. */
export function describeRole(id: string): string {
  const custom = customRoleName(id);
  if (custom !== undefined) return `${custom} (custom role)`;
  const name = Object.entries(SYSTEM_ROLE_IDS).find(([, v]) => String(v) === id)?.[0];
  return name ? `${name} (${id})` : `role ${id}`;
}

/**
 * The role a plan's text names (describeRole's output read back): a system role's or a custom
 * role's name, or undefined for a custom role given by id (`role 101`), whose name the plan does not know.
 */
export function roleNameOfDescription(text: string): string | undefined {
  const custom = /^(.*) \(custom role\)$/.exec(text);
  if (custom) return custom[1];
  const system = /^(\w+) \((\d+)\)$/.exec(text);
  return system && system[1]! in SYSTEM_ROLE_IDS ? system[1] : undefined;
}
