import * as path from 'node:path';
import { CONSTRUCT_FILE, shardFileName } from '../model/manifest';
import { UsersConstructFile, UsersShardFile } from '../model/users-manifest';
import { userTriggers } from '../model/users';
import { renderValues } from '../model/triggers';
import { loadManifest, checkDigest, parseUserNames } from '../engine/manifests';
import { terraformMapDigest } from '../model/terraform-json';
import { reconcileUsers } from './users';
import { removeUsers } from './user-removal';
import { report, withClient, type PhaseContext } from './run-support';

/** DomoUsers: create upserts a shard's users, destroy applies the removal policy. */
export async function runUsers({ phase, manifestDir, key, arg, env }: PhaseContext): Promise<number> {
  const concurrency = env.DOMO_IDENTITY_CONCURRENCY;
  const title = (constructPath: string) => `${constructPath} shard ${JSON.stringify(key)}`;
  if (phase === 'create' || phase === 'verify') {
    const file = path.join(manifestDir, shardFileName(key));
    const manifest = loadManifest(file, UsersShardFile);
    checkDigest(terraformMapDigest(userTriggers(manifest.users, renderValues)), arg, file, `shard ${JSON.stringify(key)}`);
    if (phase === 'verify') return 0;
    const outcomes = await withClient(manifest.scim, env, (client) =>
      reconcileUsers(client, manifest.users, { concurrency }, manifest.externalManagers),
    );
    return report(title(manifest.constructPath), outcomes, 'the shard is reconciled again on the next deploy');
  }
  const manifest = loadManifest(path.join(manifestDir, CONSTRUCT_FILE), UsersConstructFile);
  const outcomes = await withClient(manifest.scim, env, (client) =>
    removeUsers(client, manifest, parseUserNames(arg), { concurrency, teardown: env.DOMO_IDENTITY_TEARDOWN }),
  );
  return report(
    `${title(manifest.constructPath)} (removal policy ${manifest.removalPolicy})`,
    outcomes,
    'the removal is retried on the next deploy',
  );
}
