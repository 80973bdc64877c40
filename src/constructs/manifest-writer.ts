import * as fs from 'node:fs';
import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { TerraformStack } from '../cdk';
import { MANIFEST_DIR } from '../model/manifest';
import { writeHandler } from './handler-bundle';
import { onStackSynth } from './synth-hook';

/** A construct's manifest folder relative to the stack folder (Terraform's working directory). */
export function manifestDirOf(construct: IConstruct): string {
  return `${MANIFEST_DIR}/${construct.node.path.replace(/[^A-Za-z0-9_.-]+/g, '.')}`;
}

/** Stacks whose synth already writes the handler: it is the same for every construct (~2 MB). */
const handlerWritten = new WeakSet<TerraformStack>();

/** At synth, writes the handler (once per stack) and the construct's manifest files, replacing any from an older synth. */
export function writeOnSynth(construct: IConstruct, relDir: string, files: () => ReadonlyMap<string, unknown>): void {
  // cdktf takes one synthesis hook per construct: the stack's first construct also writes the handler.
  const stack = TerraformStack.of(construct);
  const writesHandler = !handlerWritten.has(stack);
  handlerWritten.add(stack);
  onStackSynth(construct, (stackDir) => {
    if (writesHandler) writeHandler(stackDir);
    const target = path.join(stackDir, relDir);
    fs.rmSync(target, { recursive: true, force: true });
    fs.mkdirSync(target, { recursive: true });
    for (const [name, content] of files()) fs.writeFileSync(path.join(target, name), JSON.stringify(content));
  });
}
