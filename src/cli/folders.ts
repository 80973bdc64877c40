import * as fs from 'node:fs';

/** The names of the folders directly in `dir`, sorted; none when `dir` does not exist. */
export function subdirectories(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}
