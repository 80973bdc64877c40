import { Command } from 'commander';

export interface InProcessResult {
  readonly out: string;
  readonly err: string;
  /** What the command threw, if anything. */
  readonly error?: unknown;
}

export interface InProcessOptions {
  /** Variables set for the run (undefined unsets one); every one is restored afterwards. */
  readonly env?: Record<string, string | undefined>;
  /** The working folder for the run; restored afterwards. */
  readonly cwd?: string;
  /** Strings that must appear in neither output nor the error (tokens, secrets). */
  readonly secrets?: readonly string[];
}

/**
 * Runs `domo-identity` with the commands `register` adds, in this process as the CLI entry would,
 * with stdout and stderr captured. The checks that the output never holds a secret run whatever
 * the command did.
 */
export async function runInProcess(
  register: (program: Command) => void,
  args: readonly string[],
  options: InProcessOptions = {},
): Promise<InProcessResult> {
  const env = options.env ?? {};
  const saved = Object.fromEntries(Object.keys(env).map((k) => [k, process.env[k]]));
  const apply = (values: Record<string, string | undefined>) => {
    for (const [k, v] of Object.entries(values)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
  let out = '';
  let err = '';
  const capture = (append: (s: string) => void) => (chunk: string | Uint8Array) => {
    append(String(chunk));
    return true;
  };
  const stdout = jest.spyOn(process.stdout, 'write').mockImplementation(capture((s) => (out += s)));
  const stderr = jest.spyOn(process.stderr, 'write').mockImplementation(capture((s) => (err += s)));
  // Before the commands are added: they take these settings from the program when created.
  const program = new Command('domo-identity').exitOverride().configureOutput({ writeOut: (s) => (out += s), writeErr: (s) => (err += s) });
  register(program);
  const savedCwd = process.cwd();
  let error: unknown;
  try {
    apply(env);
    if (options.cwd !== undefined) process.chdir(options.cwd);
    await program.parseAsync([...args], { from: 'user' });
  } catch (e) {
    error = e;
  } finally {
    process.chdir(savedCwd);
    stdout.mockRestore();
    stderr.mockRestore();
    apply(saved);
  }
  const everything = out + err + String((error as Error | undefined)?.message ?? '');
  for (const secret of options.secrets ?? []) expect(everything).not.toContain(secret);
  return { out, err, error };
}
