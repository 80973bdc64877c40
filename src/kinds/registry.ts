import type { EngineContext } from '../engine/context';
import type { WorkResult } from '../engine/outcome';
import type { Work } from '../engine/protocol';
import type { KindName } from './kind';
import { manifestOfKind, type AnyConstructFile } from './manifests';
import type { KindManifest } from './kind';
import { createDefinition, destroyDefinition } from './custom-attributes/work';
import { createDirectoryGroup, destroyDirectoryGroup } from './directory-groups/work';
import { createUserAttributes, destroyUserAttributes } from './user-attributes/work';
import { createUsers, destroyUsers } from './users/work';
import { createPdpPolicies, destroyPdpPolicies } from './pdp-policies/work';

/** One construct kind, whole: its files and triggers, and the engine's work for its instances. */
export interface KindDefinition {
  readonly manifest: KindManifest<AnyConstructFile, unknown>;
  /** What one instance is called in reports: `shard "07"`, `group "Franchise North"`. */
  readonly instanceNoun: string;
  create(ctx: EngineContext, work: Work): Promise<WorkResult>;
  destroy(ctx: EngineContext, work: Work): Promise<WorkResult>;
}

/** Every kind of this package. Adding a kind is adding its folder and one entry here. */
export const KINDS: Readonly<Record<KindName, KindDefinition>> = {
  'user-attributes': {
    manifest: manifestOfKind('user-attributes'),
    instanceNoun: 'shard',
    create: createUserAttributes,
    destroy: destroyUserAttributes,
  },
  users: { manifest: manifestOfKind('users'), instanceNoun: 'shard', create: createUsers, destroy: destroyUsers },
  'directory-groups': {
    manifest: manifestOfKind('directory-groups'),
    instanceNoun: 'group',
    create: createDirectoryGroup,
    destroy: destroyDirectoryGroup,
  },
  'custom-attributes': {
    manifest: manifestOfKind('custom-attributes'),
    instanceNoun: 'attribute',
    create: createDefinition,
    destroy: destroyDefinition,
  },
  'pdp-policies': {
    manifest: manifestOfKind('pdp-policies'),
    instanceNoun: 'dataset',
    create: createPdpPolicies,
    destroy: destroyPdpPolicies,
  },
};
