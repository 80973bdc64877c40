import * as fs from 'node:fs';
import { z } from 'zod';
import { ConfigError, InputError } from '../errors';

/** What a JSON file holds, for its messages: `custom roles`, and the shape in brief. */
export interface JsonFileKind {
  readonly noun: string;
  readonly shape: string;
}

/**
 * Reads a JSON file of desired state (what an export writes, or people keep in the repository): a
 * file that cannot be read is a ConfigError, one that is not JSON or not the schema's shape an
 * InputError naming the file and, through zod, each field.
 */
export function readJsonFile<T>(file: string, schema: z.ZodType<T>, kind: JsonFileKind): T {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new ConfigError(`cannot read the ${kind.noun} file ${file}: ${(e as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new InputError({ file }, `not JSON: ${(e as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new InputError({ file }, `not a file of ${kind.noun} (${kind.shape}):\n${z.prettifyError(parsed.error)}`);
  return parsed.data;
}
