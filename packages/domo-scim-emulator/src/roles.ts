/** A Domo role as `GET /api/authorization/v1/roles` lists it. */
export interface DomoRole {
  readonly id: number;
  readonly name: string;
  readonly description?: string;
}

/** Domo's system roles with the descriptions a Domo instance lists; custom roles come from the seed and the API. */
export const SYSTEM_ROLE_LIST: readonly DomoRole[] = [
  { id: 1, name: 'Admin', description: 'Full access to everything' },
  { id: 2, name: 'Privileged', description: 'Full access except for editing users and settings' },
  { id: 3, name: 'Editor', description: 'Can edit Cards, Pages, DataSets, and Dataflows' },
  { id: 4, name: 'Participant', description: 'Read only access to Cards and Pages' },
  { id: 5, name: 'Social', description: 'Access limited to social features' },
];

/** System role id -> name. */
export const SYSTEM_ROLES: ReadonlyMap<number, string> = new Map(SYSTEM_ROLE_LIST.map((r) => [r.id, r.name]));

/** Domo's userName is an email address; this is the loose shape check Domo-like services apply. */
export function isEmailLike(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
