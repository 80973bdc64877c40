import { CannotApplyError } from '../errors';
import { code } from '../report/markdown';
import { formatCount, plural } from '../report/words';

/**
 * The guard against accidental mass removal. A truncated dataset, a wrong column mapping or an
 * emptied file would clear every attribute and empty every group in one deploy; identity sync
 * tools stop before such a storm (Azure AD Connect refuses to export more than 500 deletions
 * unless an admin allows it). `plan` and `deploy` refuse a change that takes from more of a
 * construct's users than its limit, unless the run is given {@link ALLOW_MASS_REMOVAL_FLAG}.
 */

/** Share of a construct's users one change may take from by default. */
export const MASS_REMOVAL_SHARE = 0.1;
/** The default limit is never below this many users… */
export const MASS_REMOVAL_MIN = 5;
/** …and never above this many. */
export const MASS_REMOVAL_MAX = 500;
/** The command-line flag that allows one run to remove more. */
export const ALLOW_MASS_REMOVAL_FLAG = '--allow-mass-removal';
/** Users named in a refusal, per construct. */
export const USERS_NAMED = 10;

/** What one construct's change takes from its users. */
export interface MassRemoval {
  /** The construct's path (or label when its manifest was not read). */
  readonly construct: string;
  /** Its users before the change. */
  readonly users: number;
  /** userNames whose managed values are cleared, who are deleted, or who leave a group or policy. */
  readonly removed: readonly string[];
  /** Most users the change may take from. */
  readonly limit: number;
}

/** The construct's `maxUsersRemoved`, else 10 % of its users, at least 5 and at most 500. */
export function removalLimit(users: number, configured?: number): number {
  if (configured !== undefined) return configured;
  return Math.min(MASS_REMOVAL_MAX, Math.max(MASS_REMOVAL_MIN, Math.floor(users * MASS_REMOVAL_SHARE)));
}

export function overLimit(removal: MassRemoval): boolean {
  return removal.removed.length > removal.limit;
}

/** The summary's line of removals: every construct that takes from users, with its limit; none when no change does. */
export function removalLines(removals: readonly MassRemoval[], allowed: boolean): string[] {
  const shown = removals.filter((r) => r.removed.length > 0);
  if (shown.length === 0) return [];
  const parts = shown.map((r) => {
    const over = overLimit(r) ? (allowed ? `, **over the limit, allowed by \`${ALLOW_MASS_REMOVAL_FLAG}\`**` : ', **over the limit**') : '';
    return `${code(r.construct)} ${formatCount(r.removed.length)} of ${plural(r.users, 'user')} (limit ${formatCount(r.limit)}${over})`;
  });
  return ['', `**Users cleared, deleted or removed from groups or policies:** ${parts.join('; ')}`];
}

/**
 * Throws a CannotApplyError (exit 4) naming, per construct over its limit, the counts and the first
 * users affected, unless `allowed`.
 */
export function refuseMassRemoval(removals: readonly MassRemoval[], allowed: boolean): void {
  const over = removals.filter(overLimit);
  if (allowed || over.length === 0) return;
  const problems = over.map((r) => {
    const named = r.removed.slice(0, USERS_NAMED).join(', ');
    const rest = r.removed.length > USERS_NAMED ? `, and ${formatCount(r.removed.length - USERS_NAMED)} more` : '';
    return (
      `${r.construct} clears the managed values of, deletes or removes from groups or policies ${formatCount(r.removed.length)} of its ` +
      `${plural(r.users, 'user')}, more than its limit of ${formatCount(r.limit)}: ${named}${rest}`
    );
  });
  throw new CannotApplyError(
    problems,
    `the change removes more users than a construct allows, so nothing was applied. A truncated dataset, a wrong column mapping ` +
      `or an emptied file looks like this: check the data. If the removal is intended, run again with ${ALLOW_MASS_REMOVAL_FLAG}, ` +
      `or raise the construct's maxUsersRemoved (default 10 % of its users, at least ${MASS_REMOVAL_MIN}, at most ${MASS_REMOVAL_MAX})`,
  );
}
