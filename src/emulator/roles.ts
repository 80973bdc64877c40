/** Domo's system roles; custom roles are not modelled, so any other id is unknown. */
export const SYSTEM_ROLES: ReadonlyMap<number, string> = new Map([
  [1, 'Admin'],
  [2, 'Privileged'],
  [3, 'Editor'],
  [4, 'Participant'],
  [5, 'Social'],
]);

/** Domo's userName is an email address; this is the loose shape check Domo-like services apply. */
export function isEmailLike(value: string): boolean {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value);
}
