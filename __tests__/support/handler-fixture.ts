import * as fs from 'node:fs';
import * as path from 'node:path';
import { manifestFiles, type UserAttributesManifest } from '../../src/model/manifest';
import { terraformMapDigest } from '../../src/model/terraform-json';
import { userAttributeTriggers } from '../../src/model/triggers';

/** One shard "a" of one user, managed by a construct whose SCIM root answers nothing (port 9). */
export const ONE_SHARD_USERS = [{ userName: 'jane@acme.com', attributes: { storeNumber: ['101'] } }];
export const ONE_SHARD_MANIFEST: UserAttributesManifest = {
  version: 1,
  kind: 'user-attributes',
  constructPath: 'test/Attrs',
  scim: { url: 'http://127.0.0.1:9/api/identity/v1/scim', authScheme: 'bearer' },
  managedKeys: ['storeNumber'],
  removalPolicy: 'clear',
  shards: { a: ONE_SHARD_USERS },
};
/** The digest Terraform computes of shard "a"'s triggers. */
export const ONE_SHARD_DIGEST = terraformMapDigest(userAttributeTriggers(ONE_SHARD_USERS, ['storeNumber']));

/** Writes the manifest files into `<dir>/<folder>`, as synth does. */
export function writeOneShardManifest(dir: string, folder = 'm'): void {
  fs.mkdirSync(path.join(dir, folder), { recursive: true });
  for (const [name, content] of manifestFiles(ONE_SHARD_MANIFEST)) fs.writeFileSync(path.join(dir, folder, name), JSON.stringify(content));
}
