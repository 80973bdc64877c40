import type { ChildProcess } from 'node:child_process';

/** The run was interrupted (Ctrl-C, SIGTERM): exit code 1 once the running step has stopped. */
export class InterruptedError extends Error {
  override readonly name = 'InterruptedError';
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/**
 * Ctrl-C and SIGTERM during a run. Terraform is started in its own process group, so a signal
 * reaches it only through here: the first one is passed on as SIGINT, which makes Terraform stop
 * gracefully (it stops starting work, ends its running provisioners, marks what did not finish
 * tainted and writes its state); a second one is passed on again, and Terraform exits at once.
 * Other steps (cdktf synth, Domo reads) are stopped through {@link signal}. Either way the run
 * ends with an {@link InterruptedError} once the step has stopped; a second signal while no
 * Terraform runs (a long Domo listing) ends the process at once.
 */
export class Interrupts {
  readonly #controller = new AbortController();
  #count = 0;
  #terraform: ChildProcess | undefined;
  readonly #say: (text: string) => void;
  readonly #handler = (signal: NodeJS.Signals) => this.#received(signal);

  constructor(say: (text: string) => void = (t) => process.stderr.write(t)) {
    this.#say = say;
  }

  /** Listens for SIGINT and SIGTERM until {@link uninstall}. */
  install(): this {
    for (const s of SIGNALS) process.on(s, this.#handler);
    return this;
  }

  uninstall(): void {
    for (const s of SIGNALS) process.removeListener(s, this.#handler);
  }

  get interrupted(): boolean {
    return this.#count > 0;
  }

  /** Aborted at the first signal: steps other than Terraform stop with it. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Throws when a signal arrived: called between steps so nothing new starts. */
  check(what: string): void {
    if (this.interrupted) throw new InterruptedError(`interrupted ${what}`);
  }

  /** The Terraform process that signals are passed on to while it runs. */
  attachTerraform(child: ChildProcess): () => void {
    this.#terraform = child;
    if (this.#count > 0) child.kill('SIGINT');
    return () => {
      if (this.#terraform === child) this.#terraform = undefined;
    };
  }

  #received(signal: NodeJS.Signals): void {
    this.#count++;
    const terraform = this.#terraform;
    if (this.#count === 1) {
      this.#say(
        terraform
          ? `\n${signal} received: asking Terraform to stop gracefully (it writes its state first). A second signal makes it exit at once.\n`
          : `\n${signal} received: stopping.\n`,
      );
      this.#controller.abort();
    } else if (terraform) {
      this.#say(`\n${signal} received again: Terraform exits at once.\n`);
    } else {
      // Nothing to stop gracefully: a second signal ends the run now (the run lock goes with it).
      this.#say(`\n${signal} received again: aborting.\n`);
      process.exit(1);
    }
    terraform?.kill('SIGINT');
  }
}
