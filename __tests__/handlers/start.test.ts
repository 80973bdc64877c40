import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';
import { spawnSync } from 'node:child_process';
import { wrap } from 'node:module';
import { HANDLER_PATH, writeHandler } from '../../src/synth/handler-files';
import { ONE_SHARD_DIGEST, writeOneShardManifest } from '../support/handler-fixture';

const BUILT = path.join(__dirname, '..', '..', 'dist', 'handler');

/** The handler as synth writes it into a stack folder and local-exec starts it. */
describe('handler starter', () => {
  const stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'handler-start-'));
  const digest = ONE_SHARD_DIGEST;
  const verify = () =>
    spawnSync(process.execPath, [HANDLER_PATH, 'user-attributes', 'verify', 'm', 'a', digest], {
      cwd: stackDir,
      env: { PATH: process.env.PATH!, DOMO_SCIM_TOKEN: 'tok' },
      encoding: 'utf8',
    });

  beforeAll(() => {
    writeHandler(stackDir);
    writeOneShardManifest(stackDir);
  });
  afterAll(() => fs.rmSync(stackDir, { recursive: true, force: true }));

  it('synth writes the starter, the bundle and its code cache, which this Node.js accepts', () => {
    expect(fs.readdirSync(path.dirname(path.join(stackDir, HANDLER_PATH))).sort()).toEqual([
      'handler-bundle.js',
      'handler-bundle.js.cache',
      'handler.js',
    ]);
    const bundle = fs.readFileSync(path.join(BUILT, 'domo-identity-handler.js'), 'utf8');
    const script = new vm.Script(wrap(bundle), {
      filename: 'bundle.js',
      cachedData: fs.readFileSync(path.join(BUILT, 'domo-identity-handler.js.cache')),
    });
    expect(script.cachedDataRejected).toBe(false);
  });

  it('runs the handler: verify passes, a wrong digest is refused', () => {
    const ok = verify();
    expect([ok.status, ok.stderr]).toEqual([0, '']);
    const refused = spawnSync(process.execPath, [HANDLER_PATH, 'user-attributes', 'verify', 'm', 'a', '0'.repeat(64)], {
      cwd: stackDir,
      env: { PATH: process.env.PATH!, DOMO_SCIM_TOKEN: 'tok' },
      encoding: 'utf8',
    });
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/does not match the planned triggers of shard "a"/);
  });

  it('still runs with a cache V8 rejects, or none', () => {
    const cache = path.join(path.dirname(path.join(stackDir, HANDLER_PATH)), 'handler-bundle.js.cache');
    fs.writeFileSync(cache, 'not a code cache');
    expect(verify().status).toBe(0);
    fs.rmSync(cache);
    expect(verify().status).toBe(0);
  });
});
