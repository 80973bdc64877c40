/**
 * What a handler and the deploy engine say to each other over the engine's Unix socket: one JSON
 * object per line, UTF-8. Every line is checked against its schema before it is acted on, so a
 * malformed line is answered on its own connection and never reaches the engine's work. zod's
 * small build (`zod/mini`): the handler that local-exec starts stays small and fast to start.
 */
import { StringDecoder } from 'node:string_decoder';
import * as z from 'zod/mini';

/** One Terraform instance's lifecycle step, exactly as local-exec passed it to the handler. */
export const Work = z.object({
  /** The construct kind, e.g. `user-attributes`. */
  kind: z.string(),
  /** `create`, `destroy` or `verify` (check the manifest against the plan, touch nothing). */
  phase: z.string(),
  /** The construct's manifest folder, relative to the stack folder. */
  manifestDir: z.string(),
  /** The `for_each` key of the instance. */
  key: z.string(),
  /** The planned digest (create, verify) or what the old instance held (destroy). */
  arg: z.string(),
});
export type Work = Readonly<z.infer<typeof Work>>;

export const ClientMessage = z.object({ type: z.literal('submit'), credential: z.string(), work: Work });
export type ClientMessage = Readonly<z.infer<typeof ClientMessage>>;

export const EngineMessage = z.discriminatedUnion('type', [
  /** Progress of the whole deploy, for the handler to print while it waits. */
  z.object({ type: z.literal('output'), text: z.string() }),
  /** The instance's own result: what to print, and the exit code Terraform judges it by. */
  z.object({ type: z.literal('verdict'), code: z.number().check(z.int()), stdout: z.string(), stderr: z.string() }),
  /** The engine will not do this work (another token, shutting down, or a malformed message). */
  z.object({ type: z.literal('refused'), reason: z.string() }),
]);
export type EngineMessage = Readonly<z.infer<typeof EngineMessage>>;

/**
 * The longest line either side accepts, in characters. A destroy step's argument stays under
 * Linux's 128 KiB argument cap and a verdict lists one line per changed user: 16 Mi characters is
 * far above both, and bounds what a peer that never sends a newline can make the other side hold.
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

export interface LineReaderOptions {
  readonly onLine: (line: string) => void;
  /** A line grew past the cap: nothing more is read from this stream. */
  readonly onTooLong: (chars: number) => void;
  /** @default MAX_LINE_CHARS */
  readonly maxChars?: number;
}

/**
 * Splits a byte stream into complete UTF-8 lines, keeping the partial last one for later. The
 * decoder keeps a character cut by a chunk boundary whole (a plain `toString` per chunk would turn
 * it into two U+FFFD and name another user).
 */
export function lineReader(options: LineReaderOptions): (chunk: Buffer | string) => void {
  const decoder = new StringDecoder('utf8');
  const max = options.maxChars ?? MAX_LINE_CHARS;
  // The partial line as the pieces it came in: joined only once its newline arrives, so a long
  // line costs its length once, not once per chunk.
  let pending: string[] = [];
  let pendingChars = 0;
  let stopped = false;
  const tooLong = (chars: number) => {
    stopped = true;
    pending = [];
    options.onTooLong(chars);
  };
  return (chunk) => {
    if (stopped) return;
    const text = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    let start = 0;
    let at: number;
    while ((at = text.indexOf('\n', start)) >= 0) {
      const line = pending.join('') + text.slice(start, at);
      pending = [];
      pendingChars = 0;
      start = at + 1;
      if (line.length > max) return tooLong(line.length);
      if (line.trim() !== '') options.onLine(line);
      if (stopped) return;
    }
    if (start < text.length) {
      pending.push(text.slice(start));
      pendingChars += text.length - start;
      if (pendingChars > max) tooLong(pendingChars);
    }
  };
}

export type Parsed<T> = { readonly ok: true; readonly message: T } | { readonly ok: false; readonly problem: string };

/** A handler's line, checked: what is wrong with it when it is not a submit message. */
export function parseClientMessage(line: string): Parsed<ClientMessage> {
  return parseLine(line, ClientMessage);
}

/** An engine's line, checked. */
export function parseEngineMessage(line: string): Parsed<EngineMessage> {
  return parseLine(line, EngineMessage);
}

function parseLine<T>(line: string, schema: z.ZodMiniType<T>): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(line);
  } catch (e) {
    return { ok: false, problem: `not JSON (${(e as Error).message})` };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, message: parsed.data };
  const issue = parsed.error.issues[0];
  const where = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
  return { ok: false, problem: `not a valid message (${where}${issue?.message ?? 'invalid'})` };
}

export function encode(message: ClientMessage | EngineMessage): string {
  return `${JSON.stringify(message)}\n`;
}
