import { EXIT_CANNOT_APPLY, EXIT_DIFFERENCES, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, exitCodeOf } from '../errors';
import { ALLOW_MASS_REMOVAL_FLAG } from '../plan/mass-removal';

/**
 * The exit codes of `domo-identity`, in one table: what each code means, which commands exit with
 * it and what it means for each. The entry (src/cli/main.ts, and through it bin/domo-identity.js)
 * maps errors with {@link exitCodeOfCliError}; every command's --help ends with its rows of the
 * table ({@link exitCodesHelp}) and the README holds the table itself ({@link exitCodesMarkdown}).
 * Commands throw; only the entry sets the code. The classification of library errors is
 * src/errors.ts's `exitCodeOf`, which cdktf apps use through `runApp` too.
 */
export type ExitCode = typeof EXIT_OK | typeof EXIT_FAILURE | typeof EXIT_USAGE | typeof EXIT_DIFFERENCES | typeof EXIT_CANNOT_APPLY;

/** The codes, each with the one thing it means everywhere. */
export const EXIT_CODES: ReadonlyArray<{ readonly code: ExitCode; readonly label: string; readonly meaning: string }> = [
  { code: EXIT_OK, label: 'success', meaning: 'the command did what it was asked' },
  {
    code: EXIT_FAILURE,
    label: 'failure',
    meaning:
      'Domo, the network, Terraform or cdktf failed (Domo unreachable, a token Domo does not accept, errors outlasting the retries), or a check did not pass',
  },
  {
    code: EXIT_USAGE,
    label: 'usage error',
    meaning: 'bad usage, configuration or input: an unknown option, a missing variable, a bad dataset row',
  },
  { code: EXIT_DIFFERENCES, label: 'differences found', meaning: 'Domo differs from the code' },
  {
    code: EXIT_CANNOT_APPLY,
    label: 'cannot be applied',
    meaning: 'the change cannot be applied as it stands: Domo lacks what it needs, or a guard refuses it',
  },
];

/** What each code means for one command; a code the command never exits with is absent. */
export type ExitCodeMeanings = Readonly<Partial<Record<ExitCode, string>>>;

const RUN: ExitCodeMeanings = {
  [EXIT_OK]: 'done (deploy: Terraform reported a completed apply and a new plan has no changes)',
  [EXIT_FAILURE]:
    'Terraform, Domo or the network failed, Domo refused the token or the API client, the state looks lost, another run holds the project folder, the saved plan is stale or was applied already, the run was interrupted',
  [EXIT_USAGE]: 'a bad option, variable or dataset row (also when the cdktf app exits 2)',
  [EXIT_CANNOT_APPLY]:
    `the change clears, deletes or removes from groups or policies more of a construct's users than its limit (see ${ALLOW_MASS_REMOVAL_FLAG}), ` +
    'or Domo lacks what the deploy needs (a user no DomoUsers creates, a role, an attribute key, a PDP dataset, credentials: every problem is listed ' +
    'and no plan is saved; see --allow-failures); nothing was applied',
};

/** The one table's rows per command. */
export const COMMAND_EXIT_CODES = {
  'domo-identity': {
    [EXIT_OK]: '',
    [EXIT_FAILURE]: '',
    [EXIT_USAGE]: '',
    [EXIT_DIFFERENCES]: '',
    [EXIT_CANNOT_APPLY]: '',
  },
  init: {
    [EXIT_OK]: 'written',
    [EXIT_FAILURE]: 'the folder cannot be written',
    [EXIT_USAGE]: 'a bad option, or files of the project exist already',
  },
  emulator: {
    [EXIT_OK]: 'stopped (Ctrl-C or SIGTERM)',
    [EXIT_FAILURE]: 'the service failed',
    [EXIT_USAGE]: 'an unknown option, a bad seed file',
  },
  demo: {
    [EXIT_OK]: 'deployed, and a second plan has no changes',
    [EXIT_FAILURE]: 'the deploy failed, or the second plan still has changes',
    [EXIT_USAGE]: 'a bad --roster, a missing seed',
  },
  plan: { ...RUN, [EXIT_OK]: 'the plan is saved and its summary printed' },
  deploy: RUN,
  reconcile: RUN,
  doctor: { [EXIT_OK]: 'every check passed (skips allowed)', [EXIT_FAILURE]: 'a check failed', [EXIT_USAGE]: 'a bad option or variable' },
  'plan-summary': {
    [EXIT_OK]: 'summary printed',
    [EXIT_FAILURE]: 'terraform show failed',
    [EXIT_USAGE]: 'a bad option, no plan (run `cdktf plan` first), a plan file that is not JSON',
  },
  snapshot: {
    [EXIT_OK]: 'written',
    [EXIT_FAILURE]: 'Domo or the network failed',
    [EXIT_USAGE]: 'a bad option, missing credentials, an unknown dataset or column',
  },
  drift: {
    [EXIT_OK]: 'in sync',
    [EXIT_FAILURE]: 'the check failed (the synth, Domo, the network)',
    [EXIT_USAGE]: 'a bad option, variable or synthesized file',
    [EXIT_DIFFERENCES]: 'Domo differs from the code (the report says where)',
  },
  export: {
    [EXIT_OK]: 'written',
    [EXIT_FAILURE]: 'Domo or the network failed',
    [EXIT_USAGE]: 'a bad option or variable, a value a file cannot hold',
  },
} as const satisfies Record<string, ExitCodeMeanings>;

export type CommandName = keyof typeof COMMAND_EXIT_CODES;

/** The `Exit codes:` block of a command's help: each code it exits with, the table's label, then what it means for this command. */
export function exitCodesHelp(command: CommandName): string {
  const meanings: ExitCodeMeanings = COMMAND_EXIT_CODES[command];
  const rows = EXIT_CODES.filter(({ code }) => meanings[code] !== undefined).map(
    ({ code, label, meaning }) => `  ${code}  ${label}: ${meanings[code] || meaning}`,
  );
  return ['', 'Exit codes:', ...rows].join('\n');
}

/** The table as the README shows it: each code, what it means, and the commands that exit with it. */
export function exitCodesMarkdown(): string {
  const commands = Object.keys(COMMAND_EXIT_CODES).filter((c) => c !== 'domo-identity') as CommandName[];
  const rows = EXIT_CODES.map(({ code, label, meaning }) => {
    const by = commands.filter((c) => (COMMAND_EXIT_CODES[c] as ExitCodeMeanings)[code] !== undefined);
    return `| ${code} | ${label}: ${meaning} | ${by.length === commands.length ? 'every command' : by.map((c) => `\`${c}\``).join(', ')} |`;
  });
  return ['| code | meaning | commands |', '|---|---|---|', ...rows].join('\n');
}

/**
 * The exit code for an error that ended a command. Commander's errors are usage errors (2): an
 * unknown option or command, a missing argument (commander itself says 1); its help and version
 * are 0. Everything else is classified by {@link exitCodeOf}: 3 differences found, 4 cannot be
 * applied, 2 bad input or configuration, else 1.
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
 * to `stderr` (commander has printed its own already).
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
