import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { ONE_SHARD_DIGEST, writeOneShardManifest } from '../support/handler-fixture';

const BUNDLE = path.join(__dirname, '..', '..', 'dist', 'handler', 'domo-identity-handler.js');

/** The bundled handler as local-exec starts it: a separate node process with argv only. */
describe('handler entry (bundled)', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-entry-'));
  writeOneShardManifest(dir);
  const digest = ONE_SHARD_DIGEST;
  const run = (args: string[], env: Record<string, string> = { DOMO_SCIM_TOKEN: 'tok-entry-secret' }) =>
    spawnSync(process.execPath, [BUNDLE, ...args], { cwd: dir, env: { PATH: process.env.PATH!, ...env }, encoding: 'utf8' });

  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('verifies a shard against the digest Terraform computed', () => {
    expect(run(['user-attributes', 'verify', 'm', 'a', digest]).status).toBe(0);
  });

  it('refuses a manifest that differs from the plan', () => {
    const r = run(['user-attributes', 'verify', 'm', 'a', '0'.repeat(64)]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/The manifest m\/shard-[0-9a-f]{16}\.json does not match the planned triggers of shard "a"/);
  });

  it('names a missing token before any SCIM call', () => {
    const r = run(['user-attributes', 'create', 'm', 'a', digest], {});
    expect(r.status).toBe(1);
    expect(r.stderr).toContain("The handler's environment is incomplete:\n  - DOMO_SCIM_TOKEN is not set");
  });

  it('never prints the token, even in a connection failure', () => {
    const r = run(['user-attributes', 'create', 'm', 'a', digest], { DOMO_SCIM_TOKEN: 'tok-entry-secret', DOMO_IDENTITY_CONCURRENCY: '1' });
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('jane@acme.com');
    expect(r.stdout + r.stderr).not.toContain('tok-entry-secret');
  }, 180_000);
});
