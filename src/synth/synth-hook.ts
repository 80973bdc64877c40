import * as path from 'node:path';
import type { IConstruct } from 'constructs';
import { TerraformStack } from 'cdktf';
// cdktf's own assets use this hook to write files beside cdk.tf.json; it is not re-exported from
// the package root, so it is imported here, in one place, to keep a switch to cdktn small.
import { addCustomSynthesis } from 'cdktf/lib/synthesize/synthesizer';

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
