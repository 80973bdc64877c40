/**
 * Where synth puts this package's files inside a stack folder (Terraform's working directory).
 * No dependencies: the handler that local-exec starts reads these too.
 */

/** The folder of manifests, the handler and the engine, relative to the stack folder. */
export const MANIFEST_DIR = 'domo-identity';

/** What local-exec starts: the small handler that hands its instance's work to the engine. */
export const HANDLER_FILE = 'handler.js';

/** The deploy engine's starter (it runs the engine bundle from V8's code cache). */
export const ENGINE_FILE = 'engine.js';
