import { EXIT_CANNOT_APPLY, EXIT_DIFFERENCES, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeOf } from '../errors';

/**
 * The exit codes of `domo-identity`, in one place: the entry (src/cli/main.ts, and through it
 * bin/domo-identity.js) maps errors with {@link exitCodeOfCliError}, and every command's --help
 * ends with what each code means for it ({@link exitCodesHelp}). Commands throw; only the entry
 * sets the code. The classification of library errors is src/errors.ts's `exitCodeOf`, which
 * cdktf apps use through `runApp` too.
 */
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE | typeof EXIT_DIFFERENCES | typeof EXIT_CANNOT_APPLY;

/** What each code means for one command. */
export type ExitCodeMeanings = Readonly<Partial<Record<ExitCode, string>>>;

/** The meaning every command shares unless it says otherwise. */
export const EXIT_CODE_MEANINGS: ExitCodeMeanings = {
  [EXIT_OK]: 'success',
  [EXIT_FAILURE]: 'failure: Domo, the network, Terraform or cdktf failed, or a check did not pass',
  [EXIT_USAGE]: 'usage, configuration or input error: an unknown option, a missing variable, a bad dataset row',
};

/** The `Exit codes:` block of a help text. */
export function exitCodesHelp(meanings: Partial<ExitCodeMeanings> = {}): string {
  const all = { ...EXIT_CODE_MEANINGS, ...meanings };
  const codes = ([EXIT_OK, EXIT_FAILURE, EXIT_USAGE, EXIT_DIFFERENCES, EXIT_CANNOT_APPLY] as const).filter(
    (code) => all[code] !== undefined,
  );
  return ['', 'Exit codes:', ...codes.map((code) => `  ${code}  ${all[code]}`)].join('\n');
}

/**
 * The exit code for an error that ended a command. Commander's errors are usage errors (2): an
 * unknown option or command, a missing argument (commander itself says 1), and drift's
 * "differences found", raised through commander with its own 2; its help and version are 0.
 * Everything else is classified by {@link exitCodeOf}: 2 for bad input or configuration, else 1.
 */
export function exitCodeOfCliError(err: unknown): ExitCode {
  const e = err as { code?: unknown; exitCode?: unknown } | null;
  if (isCommanderError(e)) return e.exitCode === EXIT_OK ? EXIT_OK : EXIT_USAGE;
  return exitCodeOf(err);
}

function isCommanderError<T extends { code?: unknown }>(e: T | null): e is T & { code: string } {
  return typeof e?.code === 'string' && e.code.startsWith('commander.');
}

/**
 * Runs `run` and returns the exit code it ends with, writing the message of an error that ended it
 * to `stderr` (commander has printed its own already, and drift its report).
 */
export async function exitCodeOfRun(
  run: () => Promise<void>,
  stderr: { write(text: string): unknown } = process.stderr,
): Promise<ExitCode> {
  try {
    await run();
    return EXIT_OK;
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown } | null;
    if (!isCommanderError(e)) stderr.write(`domo-identity: ${typeof e?.message === 'string' ? e.message : String(err)}\n`);
    return exitCodeOfCliError(err);
  }
}
