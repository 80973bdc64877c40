import * as path from 'node:path';
import { runThroughEngine } from '../engine/client';
import { ENGINE_FILE } from '../model/layout';

const USAGE = 'usage: handler.js <kind> <create|destroy|verify> <manifest-dir> <instance-key> <digest|old-instance>';

/**
 * What local-exec starts (no shell): it hands its instance's work to the deploy's engine and exits
 * with the engine's verdict. Arguments come from Terraform: the construct kind, phase, manifest
 * folder and instance key from configuration, the last one from `self`. Node built-ins only, so it
 * starts fast; everything that talks to Domo runs in the engine.
 */
const [kind, phase, manifestDir, key, arg] = process.argv.slice(2);
if (!kind || !phase || !['create', 'destroy', 'verify'].includes(phase) || !manifestDir || key === undefined || arg === undefined) {
  process.stderr.write(`domo-identity: ${USAGE}\n`);
  process.exitCode = 2;
} else if (!process.env.DOMO_SCIM_TOKEN?.trim()) {
  // Checked here too, so a missing secret fails every instance at once instead of starting an engine that cannot run.
  process.stderr.write(
    'domo-identity: the deploy engine cannot start: DOMO_SCIM_TOKEN is not set (or empty) in the environment of cdktf deploy\n',
  );
  process.exitCode = 1;
} else {
  runThroughEngine(
    { kind, phase, manifestDir, key, arg },
    {
      enginePath: path.join(__dirname, ENGINE_FILE),
      env: process.env,
      out: (t) => process.stdout.write(t),
      err: (t) => process.stderr.write(t),
    },
  ).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      // No token can be in this message: the handler never reads it beyond a digest.
      process.stderr.write(`domo-identity: ${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
