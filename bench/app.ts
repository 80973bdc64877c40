import * as fs from 'node:fs';
import { App, TerraformStack } from 'cdktf';
import { DomoDirectoryGroups, DomoUserAttributes, Sharding } from '../src';
import { readCsvFile } from '../src/sources';
import { mapUserAttributes, type DesiredGroup } from '../src';
import { FRANCHISE_ROSTER_MAPPING } from '../stacks/franchise-identity-stack';

/** The benchmark's cdktf app: user attributes from a roster, plus the groups in BENCH_SPEC. */
interface BenchSpec {
  readonly roster: string;
  readonly shards: number;
  /** Shard by this managed attribute (e.g. franchise) instead of `shards` hash buckets. */
  readonly shardBy?: string;
  readonly groups: DesiredGroup[];
}

const spec = JSON.parse(fs.readFileSync(process.env.BENCH_SPEC!, 'utf8')) as BenchSpec;
const scim = { url: process.env.DOMO_SCIM_URL! };
const app = new App();
const stack = new TerraformStack(app, 'bench');
new DomoUserAttributes(stack, 'Attributes', {
  users: mapUserAttributes(readCsvFile(spec.roster), FRANCHISE_ROSTER_MAPPING),
  managedKeys: Object.keys(FRANCHISE_ROSTER_MAPPING.attributes),
  sharding: spec.shardBy ? Sharding.byAttribute(spec.shardBy) : Sharding.hashBuckets(spec.shards),
  scim,
});
if (spec.groups.length > 0) new DomoDirectoryGroups(stack, 'Groups', { groups: spec.groups, scim });
app.synth();
