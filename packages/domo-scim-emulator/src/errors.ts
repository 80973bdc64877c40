/**
 * A bad option, seed file or setting given to the service: the message names the value and where
 * it came from. The command line exits 2 for it (a usage error), 1 for anything else.
 */
export class EmulatorConfigError extends Error {
  override readonly name = 'EmulatorConfigError';
}
