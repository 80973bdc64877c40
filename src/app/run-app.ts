import { App, type AppConfig } from '../cdk';
import { EXIT_USAGE, exitCodeOf } from '../errors';

/** Where {@link runApp} writes its one line of failure; tests pass their own. */
export interface RunAppOptions extends AppConfig {
  /** @default process.stderr */
  readonly stderr?: { write(text: string): unknown };
}

// cdktf's App.synth() throws this when a construct validation (e.g. DomoGovernancePolicy) fails.
const STACK_VALIDATION = 'Validation failed with the following errors:';
// ...and ends it with advice to skip validations, which would skip the governance policy.
const SKIP_ADVICE = /\s*If you wish to ignore these validations, pass 'skipValidation: true' to your App configuration\.\s*$/;

/**
 * The entry of a cdktf app that uses this library: creates the `App`, awaits `build(app)` (load
 * datasets, create stacks), then synthesizes. Any failure is printed once, as its message alone (no
 * stack trace), and sets the exit code: 2 for bad input or configuration (ConfigError, InputError,
 * InputErrors, a malformed cell, a failed construct validation such as a governance violation),
 * 1 for anything else. Resolves to that exit code (0 on success).
 *
 * ```ts
 * runApp(async (app) => {
 *   const roster = await loadDataset('data/roster.csv');
 *   new MyIdentityStack(app, 'identity', { roster });
 * });
 * ```
 *
 * `cdktf synth`, `plan` and `deploy` run the app as a child process and exit 1 whatever its exit
 * code, printing its stderr twice (README, "Using the constructs"); `domo-identity deploy` passes
 * the 2 on.
 */
export async function runApp(build: (app: App) => void | Promise<void>, options: RunAppOptions = {}): Promise<number> {
  const { stderr = process.stderr, ...config } = options;
  try {
    const app = new App(config);
    await build(app);
    app.synth();
    return 0;
  } catch (err) {
    const code = isStackValidationFailure(err) ? EXIT_USAGE : exitCodeOf(err);
    stderr.write(`${messageOf(err)}\n`);
    process.exitCode = code;
    return code;
  }
}

function isStackValidationFailure(err: unknown): boolean {
  return err instanceof Error && err.message.startsWith(STACK_VALIDATION);
}

function messageOf(err: unknown): string {
  if (!(err instanceof Error)) return String(err);
  const message = err.message.trim() || err.name;
  return isStackValidationFailure(err) ? message.replace(SKIP_ADVICE, '') : message;
}
