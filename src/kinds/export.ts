import * as fs from 'node:fs';
import * as path from 'node:path';
import { ConfigError } from '../errors';
import type { LiveReads } from '../drift/live-reads';

/** What every kind's export reads through: Domo, read once however many kinds need it, and the folder files are written relative to. */
export interface ExportContext {
  readonly reads: LiveReads;
  readonly cwd: string;
}

/** One kind's part of `domo-identity export`: not asked for, asked with its options, or what is wrong with them. */
export type ExportRequest<O> =
  { readonly asked: false } | { readonly asked: true; readonly options: O } | { readonly problems: readonly string[] };

/** What a kind read, to be written once every kind has read (so a failed read writes no file). */
export interface ExportedFiles {
  readonly warnings: readonly string[];
  /** Writes the files (each renamed into place whole); one line per file written. */
  write(): Promise<readonly string[]>;
}

/**
 * A kind's export: Domo's live state in the form its construct reads, so an existing instance is
 * adopted with a plan that changes nothing.
 */
export interface ExportHooks<O = unknown> {
  /** The options it adds to `domo-identity export`: commander flags and their descriptions. */
  readonly flags: ReadonlyArray<readonly [flags: string, description: string]>;
  /** What it names in "export needs one of …": `--policies-out FILE (PDP policies)`. */
  readonly what: string;
  /** How a stack reads what it writes, for the command's help. */
  readonly readBack: string;
  /** Its options from the command's (commander's camelCase names). */
  options(raw: Readonly<Record<string, unknown>>): ExportRequest<O>;
  /** Reads Domo; writes nothing. */
  read(options: O, ctx: ExportContext): Promise<ExportedFiles>;
}

/** Writes JSON next to `file` and renames it into place, so a failed run leaves no half-written file. */
export function writeJsonFile(file: string, value: unknown): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(tmp, `${JSON.stringify(value, null, 2)}\n`);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw new ConfigError(`cannot write ${file}: ${(e as Error).message}`, { cause: e });
  }
}
