import * as path from 'node:path';
import type { IConstruct } from 'constructs';
// cdktf's own assets use this hook to write files beside cdk.tf.json (src/cdk.ts finds it in either core).
import { addCustomSynthesis, TerraformStack } from '../cdk';

/** Runs `write(stackDir)` during synth with the folder that holds the stack's cdk.tf.json. */
export function onStackSynth(construct: IConstruct, write: (stackDir: string) => void): void {
  const stack = TerraformStack.of(construct);
  addCustomSynthesis(construct, {
    onSynthesize(session) {
      const stackManifest = session.manifest.forStack(stack);
      write(path.join(session.outdir, path.dirname(stackManifest.synthesizedStackPath)));
    },
  });
}
