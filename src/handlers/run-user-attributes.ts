import * as path from 'node:path';
import { CONSTRUCT_FILE, UserAttributesConstructFile, UserAttributesShardFile, shardFileName } from '../model/manifest';
import { loadManifest, parseUserNames, verifyShard } from '../engine/manifests';
import { reconcileShard, removeDeparted } from './user-attributes';
import { report, withClient, type PhaseContext } from './run-support';

/** DomoUserAttributes: create reconciles a shard, destroy applies the removal policy, verify only checks. */
export async function runUserAttributes({ phase, manifestDir, key, arg, env }: PhaseContext): Promise<number> {
  const concurrency = env.DOMO_IDENTITY_CONCURRENCY;
  const title = (constructPath: string) => `${constructPath} shard ${JSON.stringify(key)}`;
  if (phase === 'create' || phase === 'verify') {
    const file = path.join(manifestDir, shardFileName(key));
    const manifest = loadManifest(file, UserAttributesShardFile);
    const users = verifyShard(manifest, file, key, arg);
    if (phase === 'verify') return 0;
    const outcomes = await withClient(manifest.scim, env, (client) => reconcileShard(client, manifest.managedKeys, users, { concurrency }));
    return report(title(manifest.constructPath), outcomes, 'the shard is reconciled again on the next deploy');
  }
  const manifest = loadManifest(path.join(manifestDir, CONSTRUCT_FILE), UserAttributesConstructFile);
  const oldUserNames = parseUserNames(arg);
  const outcomes = await withClient(manifest.scim, env, (client) =>
    removeDeparted(client, manifest, oldUserNames, { concurrency, teardown: env.DOMO_IDENTITY_TEARDOWN }),
  );
  return report(
    `${title(manifest.constructPath)} (removal policy ${manifest.removalPolicy})`,
    outcomes,
    'the removal is retried on the next deploy',
  );
}
