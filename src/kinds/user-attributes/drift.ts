import type { DriftAdapter } from '../../drift/facet';
import { peopleFacet } from '../../people/drift';
import type { PeopleSet } from '../../people/drift-types';
import { deployedValuesAre, shardedUsers } from '../../people/sets';
import { userAttributesManifest, type RemovalPolicy } from './manifest';
import type { DesiredUserAttributes } from './model';

/** One DomoUserAttributes construct as data. */
export interface AttributeSetInput {
  readonly constructPath: string;
  readonly managedKeys: readonly string[];
  readonly users: readonly DesiredUserAttributes[];
  /** userKey -> the shard holding the user. */
  readonly instanceOf: ReadonlyMap<string, string>;
  readonly removalPolicy?: RemovalPolicy;
}

/** A DomoUserAttributes construct is its users' managed keys; `clear` owns those keys (outsiders holding them are cleared). */
export function attributeSet(input: AttributeSetInput): PeopleSet {
  return {
    constructPath: input.constructPath,
    users: input.users.map((u) => ({ userName: u.userName, attributes: u.attributes, keys: input.managedKeys })),
    instanceOf: input.instanceOf,
    managedKeys: input.managedKeys,
    ...(input.removalPolicy === 'clear' ? { removal: 'clear' as const } : {}),
    explained: (d, deployed) => d.kind === 'attribute' && deployedValuesAre(deployed(d.key), d.live),
  };
}

export const userAttributesDrift: DriftAdapter<PeopleSet> = {
  facet: peopleFacet,
  desired(output, entry) {
    const construct = output.constructFile(entry, userAttributesManifest);
    const shards = output.instances(entry, userAttributesManifest).map(([, s]) => s);
    return attributeSet({ ...construct, ...shardedUsers(shards) });
  },
};
