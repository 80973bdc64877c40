/**
 * What a handler and the deploy engine say to each other over the engine's Unix socket: one JSON
 * object per line. Node built-ins only: the handler that local-exec starts stays small.
 */

/** One Terraform instance's lifecycle step, exactly as local-exec passed it to the handler. */
export interface Work {
  /** The construct kind, e.g. `user-attributes`. */
  readonly kind: string;
  /** `create`, `destroy` or `verify` (check the manifest against the plan, touch nothing). */
  readonly phase: string;
  /** The construct's manifest folder, relative to the stack folder. */
  readonly manifestDir: string;
  /** The `for_each` key of the instance. */
  readonly key: string;
  /** The planned digest (create, verify) or what the old instance held (destroy). */
  readonly arg: string;
}

export type ClientMessage = { readonly type: 'submit'; readonly credential: string; readonly work: Work };

export type EngineMessage =
  /** Progress of the whole deploy, for the handler to print while it waits. */
  | { readonly type: 'output'; readonly text: string }
  /** The instance's own result: what to print, and the exit code Terraform judges it by. */
  | { readonly type: 'verdict'; readonly code: number; readonly stdout: string; readonly stderr: string }
  /** The engine will not do this work (another token, or shutting down). */
  | { readonly type: 'refused'; readonly reason: string };

/** Splits a stream of text into complete lines, keeping the partial last one for later. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let pending = '';
  return (chunk) => {
    pending += chunk.toString();
    let at: number;
    while ((at = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, at);
      pending = pending.slice(at + 1);
      if (line.trim() !== '') onLine(line);
    }
  };
}

export function encode(message: ClientMessage | EngineMessage): string {
  return `${JSON.stringify(message)}\n`;
}
