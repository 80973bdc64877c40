/**
 * Errors people act on. Every message says what is wrong, the offending value and where it came
 * from (file, row, field or variable), so a failed synth or deploy can be fixed without a debugger.
 */

/** Where a bad value came from: a dataset file (or dataset id), its data row and column. */
export interface InputLocation {
  readonly file: string;
  /** 1-based data row (the header is not counted). */
  readonly row?: number;
  /** 1-based physical line in the file where the record starts, when known. */
  readonly line?: number;
  readonly field?: string;
}

/** Bad dataset input: malformed CSV, invalid or duplicate userName, unknown column, etc. */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    readonly location: InputLocation,
    readonly problem: string,
  ) {
    super(`${formatLocation(location)}: ${problem}`);
  }
}

/** How many problems an {@link InputErrors} message lists; `errors` always holds them all. */
export const MAX_LISTED_INPUT_ERRORS = 50;

/** Several input problems reported together, so one run shows everything to fix. */
export class InputErrors extends Error {
  override readonly name = 'InputErrors';
  constructor(readonly errors: readonly InputError[]) {
    // A bad column can fail every row; the first screenful is enough to see the pattern.
    const listed = bulletList(
      errors.map((e) => e.message),
      MAX_LISTED_INPUT_ERRORS,
    );
    super(`${errors.length} problem${errors.length === 1 ? '' : 's'} in the input:\n` + listed);
  }
}

/** The first `max` problems as an indented bulleted list, the rest counted: a long list stays readable. */
export function bulletList(problems: readonly string[], max: number): string {
  const listed = problems.slice(0, max).map((p) => `  - ${p}`);
  if (problems.length > listed.length) listed.push(`  - and ${problems.length - listed.length} more`);
  return listed.join('\n');
}

/** Bad configuration: a missing or invalid environment variable, option or construct prop. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

export function formatLocation(loc: InputLocation): string {
  const parts = [loc.file];
  if (loc.row !== undefined) parts.push(`row ${loc.row}${loc.line !== undefined ? ` (line ${loc.line})` : ''}`);
  if (loc.field !== undefined) parts.push(`field "${loc.field}"`);
  return parts.join(', ');
}

/** Exit codes of the CLI and of cdktf apps run through `runApp` (src/cli/exit-codes.ts says what each means per command). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** drift: Domo differs from the code. */
export const EXIT_DIFFERENCES = 3;
/** plan, deploy: the change cannot be applied as it stands (Domo lacks what it needs, or it removes too many users). */
export const EXIT_CANNOT_APPLY = 4;

/**
 * A plan that is certain to fail, or that a guard refuses: every problem at once, each naming the
 * construct, the user or name, what is missing and how to fix it. Exits with {@link EXIT_CANNOT_APPLY}.
 */
export class CannotApplyError extends Error {
  override readonly name = 'CannotApplyError';
  constructor(
    readonly problems: readonly string[],
    headline = `the change cannot be applied (${problems.length} problem${problems.length === 1 ? '' : 's'})`,
  ) {
    super(`${headline}:\n${bulletList(problems, 50)}`);
  }
}

/** Errors of bad input or configuration, by name (an error from another copy of this package counts too). */
const VALIDATION_ERRORS: ReadonlySet<unknown> = new Set(['ConfigError', 'InputError', 'InputErrors', 'CellValueError']);
/** Errors that only say which command failed: their cause decides the code. */
const WRAPPING_ERRORS: ReadonlySet<unknown> = new Set(['DriftCheckError']);

/** The exit code for an error that ends a command or the app: 3 for differences found, 4 for a change that cannot be applied, 2 for bad input or configuration, 1 for anything else. */
export function exitCodeOf(err: unknown): typeof EXIT_FAILURE | typeof EXIT_USAGE | typeof EXIT_DIFFERENCES | typeof EXIT_CANNOT_APPLY {
  const e = err as { name?: unknown; cause?: unknown } | null;
  if (WRAPPING_ERRORS.has(e?.name) && e?.cause !== undefined) return exitCodeOf(e.cause);
  if (e?.name === 'DriftFoundError') return EXIT_DIFFERENCES;
  if (e?.name === 'CannotApplyError') return EXIT_CANNOT_APPLY;
  return VALIDATION_ERRORS.has(e?.name) ? EXIT_USAGE : EXIT_FAILURE;
}
