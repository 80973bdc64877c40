import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { MANIFEST_DIR } from '../model/manifest';
import { writeHandler } from './handler-bundle';
import { onStackSynth } from './synth-hook';

/** A construct's manifest folder relative to the stack folder (Terraform's working directory). */
export function manifestDirOf(construct: IConstruct): string {
  return `${MANIFEST_DIR}/${construct.node.path.replace(/[^A-Za-z0-9_.-]+/g, '.')}`;
}

/** At synth, writes the handler and the construct's manifest files, replacing any from an older synth. */
export function writeOnSynth(construct: IConstruct, relDir: string, files: () => ReadonlyMap<string, unknown>): void {
  onStackSynth(construct, (stackDir) => {
    writeHandler(stackDir);
    const target = path.join(stackDir, relDir);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    for (const [name, content] of files()) fs.writeFileSync(path.join(target, name), JSON.stringify(content));
  });
}
