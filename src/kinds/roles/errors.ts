import { ConfigError, bulletList } from '../../errors';

/** The problems of DomoRoles, each naming the construct and the role; all of them thrown at once. */

/** `DomoRoles "stack/Roles": role "Franchise Manager"`: where a role problem is. */
export function roleAt(construct: string, role: string): string {
  return `${construct}: role ${JSON.stringify(role)}`;
}

export const problem = {
  emptyName: (construct: string, index: number) => `${construct}: role #${index + 1} has an empty name; every custom role needs a name.`,
  systemRole: (construct: string, name: string, system: string) =>
    `${roleAt(construct, name)} is Domo's system role ${system} (Admin, Privileged, Editor, Participant and Social are never managed); ` +
    'name a custom role, and create it from the system role with fromRoleId.',
  duplicate: (construct: string, first: string, second: string) =>
    `${roleAt(construct, second)} is named twice` +
    (first === second ? '' : ` (as ${JSON.stringify(first)} too; Domo compares role names ignoring case)`) +
    '; give each role its own name, or merge their grants.',
  badGrant: (construct: string, role: string, grant: unknown) =>
    `${roleAt(construct, role)}: grant ${JSON.stringify(grant)} is not a grant id; grant ids are text without spaces, e.g. "dataset.export".`,
  duplicateGrant: (construct: string, role: string, grant: string) =>
    `${roleAt(construct, role)} lists grant ${JSON.stringify(grant)} twice.`,
  badDescription: (construct: string, role: string) => `${roleAt(construct, role)}: description must be text.`,
  badFromRole: (construct: string, role: string, from: unknown) =>
    `${roleAt(construct, role)}: fromRoleId ${JSON.stringify(from)} is neither a system role's name (Admin, Privileged, Editor, Participant, Social) nor a role id (a positive whole number).`,
};

/** Every problem of a construct's props in one error. */
export function invalidRoles(construct: string, problems: readonly string[]): ConfigError {
  return new ConfigError(
    `${construct}: ${problems.length} problem${problems.length === 1 ? '' : 's'} with the roles:\n${bulletList(problems, 50)}`,
  );
}
