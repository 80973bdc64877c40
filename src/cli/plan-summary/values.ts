import type { Section, UsersSection, ValueChange } from './analyze';
import { code } from '../../report/markdown';

/** The construct as a reader knows it: its path when the manifest was read, else its id. */
export function constructName(section: Exclude<Section, { kind: 'other' }>): string {
  return code(section.constructPath ?? section.label);
}

/** A value in a cell or line: code span, or words for empty and absent values. */
export function showValue(value: string | undefined, inTable: boolean, absent = '*(none)*'): string {
  if (value === undefined) return absent;
  return value === '' ? '*(empty)*' : code(value, inTable);
}

/** `key`: `old` → `new`; a value with no old side (a new user or group) as `key`: `value`. */
export function showChange(change: ValueChange, inTable: boolean, absent = '*(none)*', isNew = false): string {
  const key = code(change.key, inTable);
  if (isNew) return `${key}: ${showValue(change.after, inTable, absent)}`;
  return `${key}: ${showValue(change.before, inTable, absent)} → ${showValue(change.after, inTable, absent)}`;
}

/** An absent users field is not managed (Domo keeps its value); an absent attribute has no value. */
export function absentLabel(kind: UsersSection['kind']): string {
  return kind === 'users' ? '*(not managed)*' : '*(none)*';
}

/** `Admin (1)`, `Privileged (2)` (as DomoUsers renders roles) or the bare names. */
export function isPrivilegedRole(value: string | undefined): boolean {
  if (value === undefined) return false;
  return /^(Admin|Privileged)\b/i.test(value.trim()) || /\((1|2)\)$/.test(value.trim());
}

/** A change that empties a value (the attribute or field is cleared in Domo). */
export function clears(change: ValueChange): boolean {
  return change.before !== undefined && change.before !== '' && change.after === '';
}
