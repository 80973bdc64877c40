/**
 * The identity rules: what a Domo userName and a custom attribute key may be, and how userNames
 * are matched. Every place that accepts a userName or a key (dataset mapping, constructs, export,
 * the attribute API client, stack rules) asks this module, so one value is never accepted in one
 * place and refused in another.
 *
 * A rule answers with the problem, for people to read, or `undefined` when the value is valid.
 * The problem names the value, says what is wrong and how to write it; callers put it after
 * where the value came from (construct and user, or file, row and field).
 */
import { andList } from '../report/words';

/** A userName as people write one, for messages. */
export const USER_NAME_EXAMPLE = 'jane@acme.com';

/** A valid attribute key, for messages. */
export const ATTRIBUTE_KEY_EXAMPLE = 'storeNumber';

// Control characters (C0, DEL, C1): never part of an email address, and invisible in a review.

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/u;
// Unicode white space, including no-break and ideographic spaces.
const WHITESPACE = /\s/u;
// Characters an email address may only hold inside a quoted local part, which Domo does not use.
const SPECIALS = /["(),:;<>[\\\]]/u;

/**
 * Why `userName` is not a Domo userName, or `undefined` when it is one. A userName is the user's
 * email address: `local@domain`, with internationalised characters allowed on both sides
 * (`zoë@example.com`, `用户@例子.公司`). Refused: an empty value, control characters, whitespace
 * anywhere (trim a cell before asking), no or several `@`, an empty part before or after the `@`,
 * a domain without a dot or with an empty label, and characters such as `,` `;` `<` that only
 * quoted addresses may hold.
 */
export function userNameProblem(userName: string): string | undefined {
  const reason = userNameReason(userName);
  if (reason === undefined) return undefined;
  return `${JSON.stringify(userName)} is not a valid userName: ${reason}; a Domo userName is the user's email address, e.g. ${USER_NAME_EXAMPLE}`;
}

/** Whether `userName` passes {@link userNameProblem}. */
export function isUserName(userName: string): boolean {
  return userNameReason(userName) === undefined;
}

function userNameReason(value: string): string | undefined {
  if (value === '') return 'it is empty';
  const control = CONTROL.exec(value);
  if (control) return `it contains the control character ${codePoint(control[0])}`;
  if (value.trim() !== value) return 'it has whitespace at the start or end';
  if (WHITESPACE.test(value)) return 'it contains whitespace';
  const at = value.split('@').length - 1;
  if (at === 0) return 'it has no "@"';
  if (at > 1) return `it has ${at} "@" (an email address has one)`;
  const [local, domain] = value.split('@') as [string, string];
  if (local === '') return 'nothing comes before the "@"';
  if (domain === '') return 'nothing comes after the "@"';
  const special = SPECIALS.exec(value);
  if (special) return `it contains ${JSON.stringify(special[0])}`;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..'))
    return 'the part before the "@" starts or ends with "." or has ".."';
  if (!domain.includes('.')) return `the domain ${JSON.stringify(domain)} has no "."`;
  if (domain.split('.').some((label) => label === ''))
    return `the domain ${JSON.stringify(domain)} has an empty label (a leading, trailing or double ".")`;
  return undefined;
}

/**
 * The key userNames are matched by: Domo's userName is unique ignoring case, so `Jane@Acme.com`
 * and `jane@acme.com` are one user.
 */
export function userKey(userName: string): string {
  return userName.trim().toLowerCase();
}

/** The key group displayNames are matched by: Domo matches them ignoring case and surrounding space. */
export function groupKey(displayName: string): string {
  return displayName.trim().toLowerCase();
}

const ATTRIBUTE_KEY = /^[A-Za-z0-9]+$/;

/**
 * Why `key` is not a Domo custom attribute key, or `undefined` when it is one. Domo's rule for a
 * definition (Admin > Governance > Attributes): letters and digits only (ASCII), case-sensitive.
 * Domo strips every other character when a definition is created, so a key such as `store_number`
 * can never match a definition: the problem suggests the key to use (`storeNumber`).
 */
export function attributeKeyProblem(key: string): string | undefined {
  if (ATTRIBUTE_KEY.test(key)) return undefined;
  const rule = 'Domo attribute keys are letters and digits only (A-Z, a-z, 0-9), case-sensitive';
  if (key === '') return `"" is not a valid attribute key: it is empty; ${rule}, e.g. ${ATTRIBUTE_KEY_EXAMPLE}`;
  const others = [...new Set(Array.from(key).filter((c) => !ATTRIBUTE_KEY.test(c)))];
  const named = others.map(describeCharacter);
  const listed = andList(named);
  const suggestion = suggestKey(key);
  return (
    `${JSON.stringify(key)} is not a valid attribute key: it contains ${listed}; ${rule}, ` +
    (suggestion ? `so use ${JSON.stringify(suggestion)}` : `e.g. ${ATTRIBUTE_KEY_EXAMPLE}`)
  );
}

/** Whether `key` passes {@link attributeKeyProblem}. */
export function isAttributeKey(key: string): boolean {
  return ATTRIBUTE_KEY.test(key);
}

/** `store_number`, `store number`, `Store-Number` -> `storeNumber`, `StoreNumber`: words joined in camel case; undefined for other characters. */
function suggestKey(key: string): string | undefined {
  if (!/^[A-Za-z0-9_\-./\s]+$/u.test(key)) return undefined;
  const words = key.split(/[_\-./\s]+/u).filter((w) => w !== '');
  if (words.length === 0) return undefined;
  return words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join('');
}

function describeCharacter(c: string): string {
  return CONTROL.test(c) || WHITESPACE.test(c) ? (c === ' ' ? 'a space' : codePoint(c)) : JSON.stringify(c);
}

function codePoint(c: string): string {
  return `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}
