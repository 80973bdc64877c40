import type { AnyKindManifest } from '../model/kind';
import type { EngineContext } from './context';
import type { WorkResult } from './outcome';
import type { Work } from './protocol';

/** What the engine needs of a construct kind: its files, and the work of one instance's create and destroy steps. */
export interface EngineKind {
  readonly manifest: AnyKindManifest;
  /** What one instance is called in reports: `shard "07"`, `group "Franchise North"`. */
  readonly instanceNoun: string;
  create(ctx: EngineContext, work: Work): Promise<WorkResult>;
  destroy(ctx: EngineContext, work: Work): Promise<WorkResult>;
}
