import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The suite drives the real Terraform CLI and the built handler: a machine without them must
 * fail loudly here, never pass by skipping.
 */
export default function globalSetup(): void {
  const tf = spawnSync('terraform', ['version'], { encoding: 'utf8', env: { ...process.env, CHECKPOINT_DISABLE: '1' } });
  if (tf.error || tf.status !== 0) {
    throw new Error(
      'The test suite needs the Terraform CLI (>= 1.4) on the PATH, and it was not found or did not run ' +
        `(${tf.error?.message ?? tf.stderr}). Install Terraform, then run the tests again.`,
    );
  }
  const root = path.join(__dirname, '..', '..');
  for (const built of ['dist/main.js', 'dist/handler/engine-bundle.js', 'packages/domo-scim-emulator/dist/src/index.js']) {
    if (!fs.existsSync(path.join(root, built))) {
      throw new Error(`${built} is missing: the tests run the built app and handler. Run "npm test" (it builds first) or "npm run build".`);
    }
  }
}
