import * as path from 'node:path';
import { GroupFile, GroupsConstructFile, groupFileName } from '../model/directory-groups';
import { CONSTRUCT_FILE } from '../model/manifest';
import { loadManifest, verifyGroup } from '../engine/manifests';
import { reconcileGroup, removeGroup } from './directory-groups';
import { report, withClient, type PhaseContext } from './run-support';

/** DomoDirectoryGroup(s): create reconciles one group, destroy applies the removal policy. */
export async function runDirectoryGroups({ phase, manifestDir, key, arg, env }: PhaseContext): Promise<number> {
  if (phase === 'create' || phase === 'verify') {
    const file = path.join(manifestDir, groupFileName(key));
    const manifest = loadManifest(file, GroupFile);
    verifyGroup(manifest, file, key, arg);
    if (phase === 'verify') return 0;
    const outcomes = await withClient(manifest.scim, env, (client) =>
      reconcileGroup(client, manifest, { concurrency: env.DOMO_IDENTITY_CONCURRENCY }),
    );
    return report(`${manifest.constructPath} group ${JSON.stringify(key)}`, outcomes, 'the group is reconciled again on the next deploy');
  }
  const manifest = loadManifest(path.join(manifestDir, CONSTRUCT_FILE), GroupsConstructFile);
  const outcome = await withClient(manifest.scim, env, (client) => removeGroup(client, manifest, arg, env.DOMO_IDENTITY_TEARDOWN));
  return report(
    `${manifest.constructPath} group ${JSON.stringify(arg)} (removal policy ${manifest.removalPolicy})`,
    [outcome],
    'the removal is retried on the next deploy',
  );
}
