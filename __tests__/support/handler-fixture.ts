import { terraformMapDigest } from '../../src/model/terraform-json';
import { writeFixtureStack } from './synth-fixture';
import { userAttributeTriggers } from '../../src/kinds/user-attributes/manifest';

/** One shard "a" of one user, managed by a construct whose SCIM root answers nothing (port 9). */
export const ONE_SHARD_USERS = [{ userName: 'jane@acme.com', attributes: { storeNumber: ['101'] } }];
/** The digest Terraform computes of shard "a"'s triggers. */
export const ONE_SHARD_DIGEST = terraformMapDigest(userAttributeTriggers(ONE_SHARD_USERS, ['storeNumber']));
/** The manifest folder of that construct, as the handler gets it. */
export const ONE_SHARD_DIR = 'domo-identity/test.Attrs';

/** Writes the stack's synth output for that construct into `dir`, as synth does. */
export function writeOneShardManifest(dir: string): void {
  writeFixtureStack(dir, { url: 'http://127.0.0.1:9/api/identity/v1/scim', authScheme: 'bearer' }, [
    {
      path: 'test/Attrs',
      kind: 'user-attributes',
      construct: { managedKeys: ['storeNumber'], removalPolicy: 'clear', desiredUsers: ['jane@acme.com'] },
      instances: new Map([['a', { shard: 'a', users: ONE_SHARD_USERS }]]),
    },
  ]);
}
