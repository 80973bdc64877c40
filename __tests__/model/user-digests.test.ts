import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { escapeTerraformTemplate } from '../../src/model/terraform-json';
import { userDigests, userDigestsOfTriggers } from '../../src/model/triggers';

/**
 * The destroy step hands the engine the old instance's per-user digests, computed by Terraform
 * from the trigger map; the engine computes the new ones itself. They must agree to the byte.
 */
describe('per-user trigger digests', () => {
  const triggers: Record<string, string> = {
    'jane@acme.com/storeNumber': '101',
    'jane@acme.com/franchise': 'Sunbelt Tacos, Express',
    'zoë@example.com/storeNumber': '%s ${literal} %{ if true }',
    'a/b@acme.com/storeNumber': '["x","y"]',
    'bob@acme.com/custom.trainingCertified': '',
    'Bob@acme.com/role': 'Editor (3)',
  };

  it('group the trigger keys by userName (the part before the last "/")', () => {
    const digests = userDigests(triggers);
    expect([...digests.keys()].sort()).toEqual(['Bob@acme.com', 'a/b@acme.com', 'bob@acme.com', 'jane@acme.com', 'zoë@example.com']);
    expect([...digests.values()].every((d) => /^[0-9a-f]{12}$/.test(d))).toBe(true);
    const changed = userDigests({ ...triggers, 'jane@acme.com/storeNumber': '102' });
    expect([...digests].filter(([u, d]) => changed.get(u) !== d).map(([u]) => u)).toEqual(['jane@acme.com']);
  });

  it('are what Terraform computes from the same map with the expression the destroy handler gets', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'user-digests-'));
    try {
      const escaped = Object.fromEntries(
        Object.entries(triggers).map(([k, v]) => [escapeTerraformTemplate(k), escapeTerraformTemplate(v)]),
      );
      fs.writeFileSync(
        path.join(dir, 'main.tf.json'),
        JSON.stringify({ locals: { t: escaped }, output: { d: { value: userDigestsOfTriggers('local.t') } } }),
      );
      fs.writeFileSync(path.join(dir, 'terraform.rc'), '');
      const env = { ...process.env, CHECKPOINT_DISABLE: '1', TF_CLI_CONFIG_FILE: path.join(dir, 'terraform.rc') };
      for (const args of [
        ['init', '-input=false'],
        ['apply', '-auto-approve', '-input=false'],
      ]) {
        const r = spawnSync('terraform', args, { cwd: dir, env, encoding: 'utf8' });
        expect(r.stderr).toBe('');
      }
      const out = spawnSync('terraform', ['output', '-raw', 'd'], { cwd: dir, env, encoding: 'utf8' });
      expect(JSON.parse(out.stdout)).toEqual(Object.fromEntries(userDigests(triggers)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
